/**
 * The live channel under `npm start`: a WebSocket server (the `ws` package)
 * on the API's own port at /live, standing in for API Gateway's WebSocket
 * API. It calls the same handler with the same route keys ($connect,
 * `subscribe` chosen by the message's `action` as the API's route selection
 * expression does, $disconnect), sends the route's answer back as API
 * Gateway's route response does, and posts the fan-out's messages to its
 * sockets as the connection management API does: a socket that is not open
 * any more is `gone`, as API Gateway's 410.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LiveHandler } from '../lambda/live/connections';
import type { ConnectionPoster } from '../lambda/live/fan-out';

export const LIVE_PATH = '/live';

/** API Gateway's largest WebSocket frame (32 KB); a larger message closes the socket (1009) there too. */
const MAX_MESSAGE_BYTES = 32 * 1024;

export interface LocalLiveServer {
  /** Posts to the sockets of this server (what the fan-out is given). */
  poster: ConnectionPoster;
  /** Open sockets, by connection id. */
  readonly sockets: ReadonlyMap<string, WebSocket>;
  /** Drops every socket without a close handshake, as a network would (tests of reconnecting). */
  dropAll(): void;
  close(): Promise<void>;
}

const routeOf = (data: string): string => {
  try {
    const action = (JSON.parse(data) as { action?: unknown }).action;
    return action === 'subscribe' ? 'subscribe' : '$default';
  } catch {
    return '$default';
  }
};

/** The live function's time limit in AWS (lib/catalogue-function.ts gives every function 10 s). */
const FUNCTION_TIMEOUT_MS = 10_000;

/**
 * API Gateway's answer to a message whose function failed outright (timed
 * out, say): not the function's own error body, so a page must not take
 * only `subscribed` or `error` for an answer.
 */
const integrationFailure = (connectionId: string) => JSON.stringify({ message: 'Internal server error', connectionId, requestId: randomBytes(6).toString('base64') });

export function attachLiveServer(
  server: Server,
  handler: LiveHandler,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  timeoutMs = FUNCTION_TIMEOUT_MS,
): LocalLiveServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Map<string, WebSocket>();
  const call = (routeKey: string, connectionId: string, body?: string) => handler({ requestContext: { routeKey, connectionId }, body });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://local').pathname !== LIVE_PATH) return void socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => {
      // API Gateway's connection ids are random base64 of 12 bytes, `=` and all.
      const connectionId = randomBytes(12).toString('base64');
      let connected = call('$connect', connectionId).then(
        () => void sockets.set(connectionId, ws),
        (error: Error) => {
          log(`live: $connect failed: ${error.message}`);
          ws.close(1011);
        },
      );
      ws.on('message', (data) => {
        // Messages are handled in order, each after the connect.
        // Past the function's limit API Gateway answers for it; the work goes on here (a Lambda's would stop, its writes so far kept).
        connected = connected.then(async () => {
          let answered = false;
          const answer = (body: string) => {
            if (answered) return;
            answered = true;
            if (ws.readyState === ws.OPEN) ws.send(body);
          };
          const timer = setTimeout(() => {
            log(`live: a message outlasted the function's ${timeoutMs} ms`);
            answer(integrationFailure(connectionId));
          }, timeoutMs);
          try {
            const result = await call(routeOf(data.toString()), connectionId, data.toString());
            if (result.body) answer(result.body);
          } catch (error) {
            log(`live: a message failed: ${(error as Error).message}`);
            answer(JSON.stringify({ type: 'error', detail: 'Internal server error' }));
          } finally {
            clearTimeout(timer);
          }
        });
      });
      ws.on('close', () => {
        sockets.delete(connectionId);
        connected = connected.then(() => call('$disconnect', connectionId)).then(
          () => undefined,
          (error: Error) => log(`live: $disconnect failed: ${error.message}`),
        );
      });
      ws.on('error', () => ws.terminate());
    });
  });

  return {
    poster: {
      async post(connectionId, data) {
        const ws = sockets.get(connectionId);
        if (!ws || ws.readyState !== ws.OPEN) return 'gone';
        await new Promise<void>((resolve, reject) => ws.send(data, (error) => (error ? reject(error) : resolve())));
        return 'sent';
      },
    },
    sockets,
    dropAll() {
      for (const ws of sockets.values()) ws.terminate();
    },
    async close() {
      for (const ws of sockets.values()) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}
