/** A live-channel client for tests: a real WebSocket (the `ws` package) that keeps every message and waits for the one a test expects. */
import { WebSocket } from 'ws';

export interface LiveClient {
  messages: Record<string, unknown>[];
  send(message: unknown): void;
  /** The first message (already received or still to come) that `matches`; rejects after `timeoutMs`. */
  next(matches: (message: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends a subscribe and waits for its answer. */
  subscribe(sessions: { eventId: string; sessionId: string }[], token?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function openLive(url: string): Promise<LiveClient> {
  const ws = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let answered = 0; // subscribes sent so far: each gets one answer (subscribed or error), in order
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next: LiveClient['next'] = (matches, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const look = () => {
        const found = messages.find(matches);
        if (!found) return;
        waiters.delete(look);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(look);
        reject(new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
      }, timeoutMs);
      waiters.add(look);
      look();
    });
  return {
    messages,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next,
    async subscribe(sessions, token) {
      const nth = ++answered;
      ws.send(JSON.stringify({ action: 'subscribe', sessions, ...(token ? { token } : {}) }));
      const isAnswer = (m: Record<string, unknown>) => m.type === 'subscribed' || m.type === 'error';
      return next((m) => isAnswer(m) && messages.filter(isAnswer).indexOf(m) === nth - 1);
    },
    close: () =>
      new Promise((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}
