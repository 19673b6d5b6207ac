/**
 * Turns an API Gateway HTTP API event (payload 2.0) into an operation call
 * and its result back into a response. This is the only code that knows the
 * event format; the local server builds the same events, so it runs exactly
 * this path. It also applies what every route shares: who may call it,
 * JSON bodies, conditional GETs, and problem documents for every failure.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { CatalogueError } from '../domain/errors';
import { SLUG_PATTERN } from '../domain/vocabulary';
import { apiRoutes, matchRoute, type Route } from './routes';
import { ORIGIN_SECRET_HEADER, problem, statusOf, type ApiRequest, type ApiResponse, type Caller } from './http';
import { callerOf, isStaff, organises } from './caller';
import { queryParametersOf } from './query';
import { logger } from './log';
import { requestAnswered, requestStarted } from './access-log';

export type Operation = (request: ApiRequest) => Promise<ApiResponse>;
export type Operations = Partial<Record<string, Operation>>;
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Request bodies larger than this are refused before parsing (API Gateway allows 10 MB, Lambda 6 MB). */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

const routesByKey = new Map<string, Route>(apiRoutes.map(({ key, route }) => [key, route]));

function lowerCaseHeaders(headers: HttpEvent['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
}

function parseBody(event: HttpEvent, headers: Record<string, string>, route: Route): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new HttpFailure(problem(413, `The body is larger than ${MAX_BODY_BYTES} bytes`));
  const [mediaType = '', ...parameters] = (headers['content-type'] ?? '').split(';');
  const type = mediaType.trim().toLowerCase();
  const charset = parameters.map((p) => /^\s*charset\s*=\s*"?([^";\s]*)"?\s*$/i.exec(p)?.[1]).find((c) => c !== undefined);
  if (type === 'text/csv' && route.csv) {
    // CSV is read as UTF-8 (with or without a BOM): say so rather than misread another charset.
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
      throw new HttpFailure(problem(415, 'Send CSV in UTF-8', [{ path: 'header.Content-Type', message: `charset must be utf-8, not ${charset}` }]));
    }
    return raw;
  }
  if (type !== 'application/json' && type !== 'application/merge-patch+json' && !type.endsWith('+json')) {
    throw new HttpFailure(problem(415, 'Send the body as JSON with Content-Type: application/json', [
      { path: 'header.Content-Type', message: `must be application/json${route.csv ? ' or text/csv' : ''}, not ${type || 'missing'}` },
    ]));
  }
  // JSON is UTF-8 (RFC 8259 8.1); a body declared in another charset would be read as the wrong text.
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    throw new HttpFailure(problem(415, 'Send JSON in UTF-8', [{ path: 'header.Content-Type', message: `charset must be utf-8, not ${charset}` }]));
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new HttpFailure(problem(400, 'The body is not valid JSON', [{ path: 'body', message: (error as Error).message }]));
  }
}

class HttpFailure extends Error {
  constructor(readonly response: ApiResponse) {
    super(String(response.status));
  }
}

/** Ids (path parameters named `…Id`) are slugs: anything else is a 400 that names the parameter. */
function checkIds(pathParameters: Record<string, string>): void {
  const errors = Object.entries(pathParameters)
    .filter(([name, value]) => name.endsWith('Id') && !SLUG_PATTERN.test(value))
    .map(([name]) => ({ path: `path.${name}`, message: 'must be a lowercase slug: [a-z0-9][a-z0-9-]{0,63}' }));
  if (errors.length > 0) throw new HttpFailure(problem(400, 'An id in the path is not valid', errors));
}

/**
 * Who may call comes first: a caller without the right learns nothing about
 * the input. The authorizer has already checked the token's signature,
 * issuer, client, expiry and scope for the route's user pool.
 */
function authorize(route: Route, claims: Record<string, unknown>, pathParameters: Record<string, string>): Caller | undefined {
  if (route.access === 'public') return undefined;
  const identity = callerOf(claims);
  if ('refusal' in identity) {
    throw new HttpFailure(problem(401, identity.refusal, [], { 'www-authenticate': 'Bearer error="invalid_token"' }));
  }
  const { caller } = identity;
  const eventId = pathParameters.eventId;
  if (route.access === 'organiser' && !(eventId !== undefined && organises(caller, eventId))) {
    throw new HttpFailure(problem(403, `Only admins and organisers of event ${eventId} may do this`));
  }
  if (route.access === 'staff' && !isStaff(caller)) {
    throw new HttpFailure(problem(403, 'Only admins and organisers may do this'));
  }
  return caller;
}

function toResult(request: Pick<ApiRequest, 'method' | 'headers'>, response: ApiResponse, route?: Route): HttpResult {
  const headers: Record<string, string> = { ...response.headers };
  let body: string | undefined;
  if (response.text !== undefined) body = response.text;
  else if (response.body !== undefined) {
    body = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  if ((request.method === 'GET' || request.method === 'HEAD') && response.status === 200) {
    headers.etag ??= `W/"${createHash('sha256').update(body ?? '').digest('base64url').slice(0, 27)}"`;
    headers['cache-control'] ??= route?.access === 'public' ? 'no-cache' : 'private, no-cache';
    if (etagMatches(request.headers['if-none-match'], headers.etag)) {
      // A 304 sends what its 200 would have said about caching (RFC 9110 15.4.5): the ETag, Cache-Control and Vary.
      return { statusCode: 304, headers: { etag: headers.etag, 'cache-control': headers['cache-control'], ...(headers.vary ? { vary: headers.vary } : {}) } };
    }
  }
  // HEAD: what GET would answer, without the body; the length is the body's (RFC 9110 9.3.2).
  if (request.method === 'HEAD') {
    return { statusCode: response.status, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } };
  }
  return { statusCode: response.status, headers, ...(body !== undefined ? { body } : {}) };
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2). */
function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Failures that pass with time: throttling, conflicts, DynamoDB's own 5xx and
 * network errors, once the SDK's retries are spent. The client may retry
 * (every write here is idempotent), so they are a 503, not a 500.
 */
function isDatabaseUnavailable(error: unknown): boolean {
  const { name = '', code = '', $metadata, CancellationReasons } = (error ?? {}) as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: { Code?: string }[];
  };
  return (
    /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TransactionConflict|ServiceUnavailable|InternalServerError|TimeoutError/.test(name) ||
    // A transaction DynamoDB cancelled for throughput or a conflict, not for a rule.
    (CancellationReasons ?? []).some((reason) => reason.Code === 'ThrottlingError' || reason.Code === 'TransactionConflict') ||
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code) ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  );
}

function failureResponse(error: unknown): ApiResponse {
  if (error instanceof HttpFailure) return error.response;
  if (error instanceof CatalogueError) {
    const status = statusOf[error.kind];
    const retryAfter = error.options.retryAfterSeconds ?? (status === 503 ? 1 : undefined);
    return problem(status, error.message, error.errors, retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {});
  }
  if (isDatabaseUnavailable(error)) {
    logger().warn('database unavailable after retries', { error: error as Error });
    return problem(503, 'The catalogue is busy; try again shortly', [], { 'retry-after': '1' });
  }
  logger().error('unhandled error', { error: error as Error });
  return problem(500, 'Something went wrong on our side; it has been logged');
}

export interface HandlerSettings {
  /** See ApiRequest.publicBaseUrl: in AWS the stack sets it (PUBLIC_BASE_URL), locally it is the server's address. */
  publicBaseUrl: string;
  /**
   * The values of ORIGIN_SECRET_HEADER that prove a request came through
   * CloudFront (and so through its web ACL): in AWS the origin secret's
   * current and previous versions; locally the ORIGIN_SECRET setting, or none,
   * which turns the check off.
   */
  originSecrets?: readonly string[];
}

/** Whether the request carries one of the secrets; compared in constant time, so a guess learns nothing from the timing. */
function fromOrigin(headers: Record<string, string>, secrets: readonly Buffer[]): boolean {
  const sent = Buffer.from(headers[ORIGIN_SECRET_HEADER] ?? '');
  return secrets.some((secret) => secret.length === sent.length && timingSafeEqual(secret, sent));
}

/** The base URL as given, checked once: an absolute http(s) URL, without a trailing slash. */
function checkedBaseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) throw new Error(`the public base URL must be an absolute http(s) URL, not ${value}`);
  return value.replace(/\/+$/, '');
}

/** A Lambda handler for the operations one function serves. */
export function createHandler(operations: Operations, settings: HandlerSettings) {
  const publicBaseUrl = checkedBaseUrl(settings.publicBaseUrl);
  const originSecrets = (settings.originSecrets ?? []).filter((secret) => secret !== '').map((secret) => Buffer.from(secret));
  const answer = async (event: HttpEvent): Promise<HttpResult> => {
    const headers = lowerCaseHeaders(event.headers);
    const method = event.requestContext.http.method.toUpperCase();
    const asked = { method, headers };
    // Before anything else: a request that went around CloudFront (and its web ACL) gets no work done.
    if (originSecrets.length > 0 && !fromOrigin(headers, originSecrets)) {
      return toResult(asked, problem(403, `Call the API at its public address, ${publicBaseUrl}`));
    }
    let route = routesByKey.get(event.routeKey);
    try {
      let pathParameters = event.pathParameters as Record<string, string> | undefined;
      if (!route) {
        // `$default`: nothing in the route table matched, so tell a wrong path from a wrong method.
        const { match, allowed } = matchRoute(method, event.rawPath);
        if (!match) {
          if (allowed.length > 0) {
            return toResult(asked, problem(405, `${method} is not allowed here`, [], { allow: [...new Set(allowed)].join(', ') }));
          }
          return toResult(asked, problem(404, `No resource at ${event.rawPath}`));
        }
        route = match.route;
        pathParameters = match.pathParameters;
      }
      const operation = operations[route.operation];
      if (!operation) throw new Error(`operation ${route.operation} is not served by this function`);
      const caller = authorize(route, event.requestContext.authorizer?.jwt?.claims ?? {}, pathParameters ?? {});
      checkIds(pathParameters ?? {});
      const request: ApiRequest = {
        method,
        path: event.rawPath,
        pathParameters: pathParameters ?? {},
        query: queryParametersOf(event.rawQueryString, event.queryStringParameters),
        headers,
        body: parseBody(event, headers, route),
        caller,
        publicBaseUrl,
      };
      return toResult(request, await operation(request), route);
    } catch (error) {
      return toResult(asked, failureResponse(error));
    }
  };
  return async (event: HttpEvent, context?: Context): Promise<HttpResult> => {
    const started = requestStarted(context);
    const result = await answer(event);
    requestAnswered(event, result.statusCode ?? 200, started);
    return result;
  };
}
