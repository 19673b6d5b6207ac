/**
 * Faults DynamoDB Local cannot produce, injected below the SDK's retry layer:
 * a request handler between the SDK and the real engine. The SDK retries
 * (or not) exactly as it would against DynamoDB, so the tests see the real
 * retry behaviour, and whatever goes through is written to the real engine.
 */
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';

/** What happens to one request: sent as is, refused with a fault, applied with its response lost, or sent late (a slow partition). */
export type Fault = 'pass' | 'conflict' | 'throttle' | 'server-error' | 'lose-response' | 'slow';

/** Picks the fault for each request, by DynamoDB operation (e.g. `TransactWriteItems`). */
export type FaultPlan = (operation: string) => Fault;

/**
 * How long a request lingers before it is sent (a slow network), by
 * operation: milliseconds, or until a promise settles. Reorders concurrent requests.
 */
export type DelayPlan = (operation: string) => number | Promise<void>;

function errorResponse(type: string, message: string, extra: Record<string, unknown> = {}, statusCode = 400): HttpResponse {
  const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, Message: message, ...extra });
  return new HttpResponse({
    statusCode,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${Math.random().toString(36).slice(2)}` },
    body: Readable.from([Buffer.from(body)]),
  });
}

/** A transaction cancelled for `code` on its first item, as DynamoDB answers it. */
function cancelled(request: HttpRequest, code: 'TransactionConflict' | 'ThrottlingError'): HttpResponse {
  const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
  const items = (JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems ?? [];
  const reasons = items.map((_, i) => ({ Code: i === 0 ? code : 'None' }));
  return errorResponse('TransactionCanceledException', `injected: Transaction cancelled [${code}]`, { CancellationReasons: reasons });
}

export class FaultInjectingHandler {
  private readonly inner = new NodeHttpHandler();
  readonly counts: Record<Fault, number> = { pass: 0, conflict: 0, throttle: 0, 'server-error': 0, 'lose-response': 0, slow: 0 };

  /** How long each request lingers before it is sent; tests set it to reorder concurrent requests. */
  delay: DelayPlan = () => 0;

  /** `slowMs`: how long a `slow` request waits before it goes to the engine. */
  constructor(
    public plan: FaultPlan,
    private readonly slowMs = 500,
  ) {}

  async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }> {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const lingering = this.delay(operation);
    if (typeof lingering !== 'number') await lingering;
    else if (lingering > 0) await new Promise((r) => setTimeout(r, lingering));
    const fault = this.plan(operation);
    this.counts[fault]++;
    if (fault === 'throttle' && operation === 'TransactWriteItems') {
      // What DynamoDB answers a transaction whose partition is over its limit (the SDK does not retry it).
      return { response: cancelled(request, 'ThrottlingError') };
    }
    if (fault === 'throttle') {
      return { response: errorResponse('ProvisionedThroughputExceededException', 'injected: the request rate is too high') };
    }
    if (fault === 'server-error') {
      // As DynamoDB Local answers a request that waited too long for a lock: nothing was applied.
      return { response: errorResponse('InternalServerError', 'injected: internal server error', {}, 500) };
    }
    if (fault === 'conflict' && operation !== 'TransactWriteItems') {
      // What DynamoDB answers a single-item write to an item inside a transaction under way.
      return { response: errorResponse('TransactionConflictException', 'injected: Transaction is ongoing for the item') };
    }
    if (fault === 'conflict') return { response: cancelled(request, 'TransactionConflict') };
    if (fault === 'slow') await new Promise((r) => setTimeout(r, this.slowMs));
    const result = await this.inner.handle(request, options);
    if (fault === 'lose-response') {
      // The engine applied the request; the client never hears of it.
      (result.response.body as Readable).resume();
      throw Object.assign(new Error('injected: socket hang up after the request was applied'), { code: 'ECONNRESET' });
    }
    return result;
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    this.inner.destroy();
  }
}
