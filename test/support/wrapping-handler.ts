/**
 * What the request handlers below the SDK that look at traffic share (the
 * request log, the partition meter): the real handler they pass requests
 * on to, the rest of the SDK's handler interface, and an answer's body read
 * whole and put back for the SDK to read.
 */
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpResponse } from '@smithy/protocol-http';

export abstract class WrappingHandler {
  /** One local engine serves every request: a burst's worth of sockets. */
  protected readonly inner = new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 256 } });

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    this.inner.destroy();
  }
}

export async function readResponseBody(response: HttpResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
  const answer = Buffer.concat(chunks);
  response.body = Readable.from([answer]);
  return answer;
}
