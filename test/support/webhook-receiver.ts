/** A webhook receiver for tests, on 127.0.0.1 only: `answer` gets each request with its whole body. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestReceiver {
  url: string;
  port: number;
  /** How many requests arrived. */
  hits(): number;
  close(): Promise<void>;
}

export async function startReceiver(answer: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<TestReceiver> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => answer(request, body, response));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
