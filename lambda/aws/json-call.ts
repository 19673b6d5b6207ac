/**
 * Calls to AWS services that speak the JSON protocol (Secrets Manager, KMS,
 * SQS) without their SDK clients: a POST of the operation's input as JSON,
 * signed with Signature Version 4 by the SDK's own signer, with the
 * credentials the SDK's default chain finds (in Lambda, the function role's,
 * from its environment), over node:https (which the SDK loads anyway; the
 * first use of fetch loads an HTTP client of its own, 45-130 ms here).
 * Each of those clients weighed 13-27 KB of a bundle, and the Secrets
 * Manager client's first request, which the API functions make in their
 * cold start, set up a second SDK client stack there (docs/performance.md). The few calls the functions make need none of it:
 * their inputs and answers are plain JSON. Retries follow the SDK's standard
 * mode (three attempts, jittered exponential backoff) for throttling, server
 * errors and failed connections.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { partition } from '@aws-sdk/core/client';

export interface JsonService {
  /** The signing name, also the first label of its endpoint: `secretsmanager`, `kms`, `sqs`. */
  name: string;
  /** What X-Amz-Target starts with: `secretsmanager`, `TrentService`, `AmazonSQS`. */
  target: string;
  /** The JSON protocol's version: 1.1 (Secrets Manager, KMS) or 1.0 (SQS). */
  version: '1.0' | '1.1';
  /** The SDK's service id, which names the variable that may set its endpoint (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
  serviceId: string;
}

/** An error the service answered with: `name` is its type (`ResourceNotFoundException`). */
export class AwsServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: SourceData) =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 and HMAC-SHA-256 as the signer takes them (node:crypto). */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

const ATTEMPTS = 3;
const ATTEMPT_TIMEOUT_MS = 10_000;
/** Error types the SDK's standard retry mode tries again: throttling and transient ones (@smithy/core's retry constants). */
const RETRYABLE_TYPES = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException',
  'TooManyRequestsException', 'TransactionInProgressException', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException',
]);
/** HTTP statuses it tries again: too many requests, and the transient server errors. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

let credentials: ReturnType<typeof defaultProvider> | undefined;

/** Where the service answers: its endpoint variable (or AWS_ENDPOINT_URL), as the SDK reads them, else its regional endpoint. */
function endpointOf(service: JsonService, region: string): URL {
  const variable = `AWS_ENDPOINT_URL_${service.serviceId.toUpperCase().replace(/ /g, '_')}`;
  const configured = process.env[variable] ?? process.env.AWS_ENDPOINT_URL;
  return new URL(configured ?? `https://${service.name}.${region}.${partition(region).dnsSuffix}`);
}

/** An error answer's JSON; a proxy or load balancer may answer with something else. */
function parsedError(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The type of an error answer: the `__type` of its body or its X-Amzn-ErrorType header, without namespace or suffix. */
function errorName(body: Record<string, unknown>, header: string | null): string {
  const raw = String(body.__type ?? body.code ?? header ?? 'UnknownError');
  return raw.replace(/^.*#/, '').replace(/:.*$/, '');
}

/** A POST of `body` to `url`, and its answer; an attempt that takes too long fails as a TimeoutError. */
function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const request = send(url, { method: 'POST', headers, timeout: ATTEMPT_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`), { name: 'TimeoutError' })));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Calls `operation` of `service` with `input`; `endpoint` overrides where
 * (SQS is called at its queue's URL). Resolves to the answer's JSON, or
 * rejects with an AwsServiceError (or the network's error after the retries).
 */
export async function callAws<T>(service: JsonService, operation: string, input: object, endpoint?: string): Promise<T> {
  const url = endpoint ? new URL(endpoint) : endpointOf(service, regionOf());
  const headers = { 'content-type': `application/x-amz-json-${service.version}`, 'x-amz-target': `${service.target}.${operation}` };
  const response = await signedPost(service.name, new URL('/', url), JSON.stringify(input), headers);
  return (response.text ? JSON.parse(response.text) : {}) as T;
}

/**
 * A signed POST of JSON to a REST-style endpoint (`url` with its path): SES's
 * v2 API, API Gateway's connection management API. Resolves to a 2xx answer,
 * rejects with an AwsServiceError for any other (its status tells a 410 from
 * the rest), after the same retries as callAws.
 */
export function postJson(signingName: string, url: URL, input: object): Promise<{ status: number; text: string }> {
  return signedPost(signingName, url, JSON.stringify(input), { 'content-type': 'application/json' });
}

function regionOf(): string {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  return region;
}

async function signedPost(signingName: string, url: URL, body: string, extraHeaders: Record<string, string>): Promise<{ status: number; text: string }> {
  credentials ??= defaultProvider();
  const signer = new SignatureV4({ service: signingName, region: regionOf(), credentials, sha256: NodeSha256 });
  for (let attempt = 1; ; attempt++) {
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-length': String(Buffer.byteLength(body)), ...extraHeaders },
      body,
    });
    let retryable: unknown;
    try {
      const response = await post(url, signed.headers, body);
      if (response.status >= 200 && response.status < 300) return response;
      const answer = parsedError(response.text);
      const type = response.headers['x-amzn-errortype'];
      const error = new AwsServiceError(errorName(answer, typeof type === 'string' ? type : null), String(answer.message ?? answer.Message ?? response.text), response.status);
      if (!RETRYABLE_STATUSES.has(response.status) && !RETRYABLE_TYPES.has(error.name)) throw error;
      retryable = error;
    } catch (error) {
      if (error instanceof AwsServiceError && error !== retryable) throw error;
      retryable = error;
    }
    if (attempt >= ATTEMPTS) throw retryable;
    // The SDK's standard backoff: a random wait up to 100 ms × 2^(attempt − 1).
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** (attempt - 1)));
  }
}
