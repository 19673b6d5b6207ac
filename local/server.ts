/**
 * The local API: a plain Node HTTP server that does what API Gateway does in
 * AWS. It matches the request against the same route table, checks the JWT
 * for protected routes like the route's JWT authorizer (attendee or staff
 * pool), builds the same payload 2.0 event, and invokes the same Lambda
 * handlers.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createHandler, MAX_BODY_BYTES, type HandlerSettings, type HttpEvent, type HttpResult } from '../lambda/api/handler';
import { fallbackFunction, lambdaFunctions, matchRoute, userPoolOf, type FunctionName } from '../lambda/api/routes';
import { operationsOf } from '../lambda/api/operations';
import { problem } from '../lambda/api/http';
import { preflightHeaders, responseCorsHeaders } from '../lambda/api/cors';
import type { Stores } from '../lambda/store/stores';
import type { OperationContext } from '../lambda/api/operations/context';
import type { LocalAuth } from './dev-auth';
import { devSignIn } from './dev-sign-in';
import { serveStatic } from './static';
import { serveOutbox } from './mail-outbox';
import type { LiveHandler } from '../lambda/live/connections';
import { attachLiveServer, type LocalLiveServer } from './live-server';

export type Invoke = (fn: FunctionName, event: HttpEvent) => Promise<HttpResult>;

/**
 * One handler per Lambda function of the route table, each with its own
 * operations over `storesOf(fn)`: the same stores for all under `npm start`,
 * a client per function where a test checks each function's own grants.
 */
export function createInvoker(storesOf: (fn: FunctionName) => Stores, context: OperationContext, settings: HandlerSettings): Invoke {
  const handlers = Object.fromEntries(
    (Object.keys(lambdaFunctions) as FunctionName[]).map((fn) => [fn, createHandler(operationsOf[fn](storesOf(fn), context), settings)]),
  ) as Record<FunctionName, ReturnType<typeof createHandler>>;
  return (fn, event) => handlers[fn](event, lambdaContext(fn));
}

/**
 * What Lambda passes a handler besides the event, as far as the logger reads
 * it (function, request id): the access lines on npm start's stdout carry
 * the same fields as in CloudWatch. One process serves every function here,
 * so only its first request is a cold start.
 */
function lambdaContext(fn: FunctionName): Context {
  const unused = () => {
    throw new Error('not part of the local Lambda context');
  };
  return {
    functionName: fn,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
    done: unused,
    fail: unused,
    succeed: unused,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendResult(response: ServerResponse, result: HttpResult): void {
  const body = typeof result.body === 'string' ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  const headers: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (body) headers['content-length'] = body.length;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}

const problemResult = (status: number, detail: string, headers: Record<string, string> = {}): HttpResult => {
  const { body, headers: problemHeaders } = problem(status, detail, [], headers);
  return { statusCode: status, headers: problemHeaders, body: JSON.stringify(body) };
};

/**
 * The request sizes AWS accepts, so a request refused there is refused here:
 * CloudFront's longest URL, and API Gateway's limit on the request line and
 * header values together. Node itself reads up to NODE_HEAD_BYTES.
 */
export const MAX_URL_BYTES = 8192;
export const MAX_REQUEST_HEAD_BYTES = 10_240;
const NODE_HEAD_BYTES = 64 * 1024;

/** The problem a request too large to route gets, or undefined. */
function oversizedRequest(request: IncomingMessage): HttpResult | undefined {
  const url = request.url ?? '/';
  const close = { connection: 'close' };
  if (Buffer.byteLength(url) > MAX_URL_BYTES) return problemResult(414, `The URL is longer than ${MAX_URL_BYTES} bytes`, close);
  const requestLine = `${request.method} ${url} HTTP/${request.httpVersion}`;
  const head = request.rawHeaders.reduce((total, part) => total + Buffer.byteLength(part), Buffer.byteLength(requestLine));
  if (head > MAX_REQUEST_HEAD_BYTES) return problemResult(431, `The request line and headers are larger than ${MAX_REQUEST_HEAD_BYTES} bytes`, close);
  return undefined;
}

/**
 * A request Node cannot parse (a head beyond NODE_HEAD_BYTES, malformed, too
 * slow) gets a problem document too, where Node would send a bare status line.
 * Past that size Node cannot tell a long URL from long headers: both are a 431.
 */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { statusCode, body } =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problemResult(431, `The request line and headers are larger than ${MAX_REQUEST_HEAD_BYTES} bytes`)
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problemResult(408, 'The request did not arrive in time')
        : problemResult(400, 'The request is not valid HTTP/1.1');
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode!]}\r\ncontent-type: application/problem+json\r\n` +
      `content-length: ${Buffer.byteLength(body!)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Builds the API Gateway HTTP API event (payload format 2.0) for a request. */
export function toHttpEvent(
  request: IncomingMessage,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
  claims: Record<string, string> | undefined,
): HttpEvent {
  const url = new URL(request.url ?? '/', 'http://local');
  // As API Gateway (payload 2.0): a repeated header's values joined with a bare comma (Node joins them with
  // ", "), and the Cookie header's cookies in `cookies`, one a cookie, not among the headers.
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (values === undefined) continue;
    if (name === 'cookie') cookies = values.flatMap((line) => line.split(';').map((cookie) => cookie.trim()).filter(Boolean));
    else headers[name] = values.join(',');
  }
  // API Gateway joins repeated query parameters with commas.
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers: { 'x-forwarded-proto': 'http', ...headers },
    ...(url.search ? { queryStringParameters: query } : {}),
    // API Gateway leaves pathParameters out for a route without any.
    ...(pathParameters && Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  } as HttpEvent;
}

export interface LocalServerOptions {
  invoke: Invoke;
  auth: LocalAuth;
  /** Other sites allowed to call the API from a browser (CORS_ORIGINS), as the stack's `corsPreflight` allows its corsOrigins. */
  corsOrigins?: readonly string[];
  /** The local outbox folder, listed at GET /outbox (local/mail-outbox.ts). */
  outboxFolder?: string;
}

/**
 * How long an idle connection stays open. Node's default, 5 s, is shorter than
 * a client's pause on a busy machine: a client reusing a connection the server
 * closes at that moment gets ECONNRESET. Clients (undici) close theirs a little
 * before the timeout the server advertises, so a long one leaves them the first move.
 */
const KEEP_ALIVE_MS = 65_000;

export function createLocalServer(options: LocalServerOptions): Server {
  const allowedOrigins = options.corsOrigins ?? [];
  const server = createServer({ maxHeaderSize: NODE_HEAD_BYTES }, async (request, response) => {
    const origin = request.headers.origin;
    // API Gateway adds the CORS headers to whatever the integration answered (lambda/api/cors.ts).
    const answer = (result: HttpResult) => sendResult(response, { ...result, headers: { ...result.headers, ...responseCorsHeaders(origin, allowedOrigins) } });
    try {
      // With CORS configured, API Gateway answers every OPTIONS request itself, before routing or authorizers.
      if (allowedOrigins.length > 0 && request.method === 'OPTIONS') {
        request.resume();
        return sendResult(response, { statusCode: 204, headers: preflightHeaders(origin, allowedOrigins) });
      }
      const oversized = oversizedRequest(request);
      if (oversized) return answer(oversized);
      const body = await readBody(request);
      if (body === 'too-large') return answer(problemResult(413, `The body is larger than ${MAX_BODY_BYTES} bytes`));
      const path = new URL(request.url ?? '/', 'http://local').pathname;
      let found;
      try {
        found = matchRoute(request.method ?? 'GET', path).match;
      } catch {
        return answer(problemResult(400, 'The path is not valid percent-encoding'));
      }
      if (!found) {
        // Local-only extras for the web page, tried before the API's 404: the dev sign-in and the page's files.
        const method = request.method ?? 'GET';
        const local =
          (await devSignIn(method, path, body, options.auth)) ??
          (await serveStatic(method, path)) ??
          (options.outboxFolder ? serveOutbox(method, path, options.outboxFolder) : undefined);
        if (local) return sendResult(response, local);
        return answer(await options.invoke(fallbackFunction, toHttpEvent(request, body, '$default', undefined, undefined)));
      }
      const { route, routeKey, pathParameters } = found;
      let claims: Record<string, string> | undefined;
      const pool = userPoolOf(route.access);
      if (pool) {
        // The route's JWT authorizer (its user pool's) answers 401 itself, before any Lambda runs.
        const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        claims = token ? await options.auth.verify(token, pool) : undefined;
        if (!claims) return answer(problemResult(401, 'Sign in: send a valid Authorization: Bearer <token>', { 'www-authenticate': 'Bearer' }));
      }
      answer(await options.invoke(route.fn, toHttpEvent(request, body, routeKey, pathParameters, claims)));
    } catch (error) {
      answer(problemResult(500, 'The local server failed; see its log'));
      process.stderr.write(`local server error: ${(error as Error).stack}\n`);
    }
  });
  server.on('clientError', answerUnparsable);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}

/** The local API on a free port of 127.0.0.1 (tests, benchmarks); its public base URL is its own address. */
export async function startLocalApiOnFreePort(
  storesOf: (fn: FunctionName) => Stores,
  auth: LocalAuth,
  context: OperationContext,
  settings: Pick<HandlerSettings, 'originSecrets'> &
    Pick<LocalServerOptions, 'corsOrigins' | 'outboxFolder'> & { onEvent?: (fn: FunctionName, event: HttpEvent) => void; live?: LiveHandler; liveTimeoutMs?: number } = {},
): Promise<{ server: Server; baseUrl: string; live?: LocalLiveServer }> {
  let invoke: Invoke | undefined;
  const server = createLocalServer({
    invoke: (fn, event) => {
      settings.onEvent?.(fn, event);
      return invoke!(fn, event);
    },
    auth,
    corsOrigins: settings.corsOrigins,
    outboxFolder: settings.outboxFolder,
  });
  const live = settings.live ? attachLiveServer(server, settings.live, undefined, settings.liveTimeoutMs) : undefined;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  invoke = createInvoker(storesOf, context, { originSecrets: settings.originSecrets, publicBaseUrl: baseUrl });
  return { server, baseUrl, live };
}
