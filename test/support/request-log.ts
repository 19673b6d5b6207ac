/**
 * A request handler between the SDK and DynamoDB Local that writes down
 * every request: its operation, its input, what DynamoDB answered (Count,
 * ScannedCount) and when it started and ended relative to the others. Tests
 * use it to count the reads a request costs, and may slow chosen requests
 * down (as a large Query is slow) but never change what they do.
 */
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { readResponseBody, WrappingHandler } from './wrapping-handler';

export interface LoggedRequest {
  operation: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  input: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  output?: any;
  /** Positions in one sequence of starts and ends, to tell requests in flight together from requests one after another. */
  started: number;
  ended?: number;
}

export class RequestLog extends WrappingHandler {
  private clock = 0;
  requests: LoggedRequest[] = [];
  /** Milliseconds to hold a request before sending it on. */
  delay: (request: LoggedRequest) => number = () => 0;

  /** The requests logged since the last call, and a fresh log. */
  take(): LoggedRequest[] {
    const taken = this.requests;
    this.requests = [];
    return taken;
  }

  async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }> {
    const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
    const entry: LoggedRequest = {
      operation: String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '',
      input: body ? JSON.parse(body) : undefined,
      started: this.clock++,
    };
    this.requests.push(entry);
    const delay = this.delay(entry);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const { response } = await this.inner.handle(request, options);
    const answer = await readResponseBody(response);
    entry.output = answer.length > 0 ? JSON.parse(answer.toString('utf8')) : undefined;
    entry.ended = this.clock++;
    return { response };
  }
}

/** Query requests that read a given partition value (`:pk` in the key condition), e.g. `EVENT#e#SESSIONS`. */
export const queriesOf = (requests: readonly LoggedRequest[], partition: string) =>
  requests.filter((r) => r.operation === 'Query' && r.input.ExpressionAttributeValues?.[':pk']?.S === partition);
