/**
 * The live channel, page side: one WebSocket for the whole page (its URL
 * from /config.json: /live on the local server, the WebSocket API's wss://
 * URL in AWS). Sections watch the sessions they show; the socket subscribes
 * to all of them (the first MAX_SUBSCRIBED_SESSIONS), with the signed-in
 * user's token: an attendee's for their own notices, an organiser's for
 * their sessions' check-in counts. When the
 * socket drops it reconnects with growing, jittered pauses, subscribes again
 * and tells each section it resumed (they read what they missed). While it
 * cannot open (three tries in a row), the page is in `polling` mode and the
 * sections poll as they did before; it keeps trying, and goes live again
 * when it opens. <html data-live> says the mode (for styles and tests).
 */
import { currentUser, onAuthChange } from './auth';
import { pageConfig } from './config';
import { MAX_SUBSCRIBED_SESSIONS } from '../../lambda/live/limits';
import type { LiveMessage as ServerMessage } from '../../lambda/live/messages';

export interface WatchedSession {
  eventId: string;
  sessionId: string;
}

export type LiveMode = 'connecting' | 'live' | 'polling';

/** What the server pushes about a session or the attendee (the answers to a subscribe are not passed on). */
export type LiveMessage = Exclude<ServerMessage, { type: 'subscribed' } | { type: 'error' }>;

export interface LiveWatcher {
  message(message: LiveMessage): void;
  /** The socket opened again after a drop: read again what may have changed meanwhile. */
  resumed(): void;
  /** The mode changed: poll while it is not `live`. */
  mode(mode: LiveMode): void;
}

/** Failed opens in a row before the page falls back to polling. */
const FAILS_BEFORE_POLLING = 3;
const MAX_PAUSE_MS = 30_000;
/** A socket still not open after this long counts as failed (a network that drops packets, a connection the browser blocks silently). */
const CONNECT_TIMEOUT_MS = 8_000;

const watchers = new Map<LiveWatcher, WatchedSession[]>();
const promotedListeners = new Set<(message: Extract<LiveMessage, { type: 'promoted' }>) => void>();
let socket: WebSocket | undefined;
let mode: LiveMode = 'connecting';
let failsInARow = 0;
let openedBefore = false;
let started = false;

function setMode(next: LiveMode): void {
  if (next === mode) return;
  mode = next;
  document.documentElement.dataset.live = mode;
  for (const watcher of watchers.keys()) watcher.mode(mode);
}

export const liveMode = () => mode;

/** A subscribe sent and not answered yet; `subscribeAgain`: the watched sessions changed meanwhile. */
let subscribing = false;
let subscribeAgain = false;

/**
 * Sends what the page watches, one subscribe at a time: the server may handle
 * two messages of one socket at once, and the later subscribe must be the one
 * that stands. Changes made while one is unanswered go in the next.
 */
function subscribe(): void {
  if (socket?.readyState !== WebSocket.OPEN) return;
  if (subscribing) return void (subscribeAgain = true);
  subscribing = true;
  subscribeAgain = false;
  const seen = new Set<string>();
  const sessions = [...watchers.values()]
    .flat()
    .filter((s) => !seen.has(`${s.eventId}/${s.sessionId}`) && seen.add(`${s.eventId}/${s.sessionId}`))
    // More would be refused whole: the sections beyond it poll instead of nothing.
    .slice(0, MAX_SUBSCRIBED_SESSIONS);
  const token = currentUser()?.token;
  socket.send(JSON.stringify({ action: 'subscribe', sessions, ...(token ? { token } : {}) }));
}

function dispatch(message: LiveMessage): void {
  if (message.type === 'promoted') for (const listener of promotedListeners) listener(message);
  for (const [watcher, sessions] of watchers) {
    if (sessions.some((s) => s.eventId === message.eventId && s.sessionId === message.sessionId)) watcher.message(message);
  }
}

function pauseBeforeTry(): number {
  const base = Math.min(MAX_PAUSE_MS, 500 * 2 ** Math.min(failsInARow, 8));
  return base / 2 + Math.random() * (base / 2);
}

/** A failed try: after FAILS_BEFORE_POLLING in a row the page polls; either way it tries again after a pause. */
function tryAgain(url: string, opened: boolean): void {
  if (!opened) failsInARow++;
  setMode(failsInARow >= FAILS_BEFORE_POLLING || mode === 'polling' ? 'polling' : 'connecting');
  setTimeout(() => open(url), pauseBeforeTry());
}

function open(url: string): void {
  let opened = false;
  let ws: WebSocket;
  try {
    ws = new WebSocket(url);
  } catch {
    // A URL the browser refuses outright (a blocked port, say) fails like one that does not answer.
    return tryAgain(url, false);
  }
  socket = ws;
  const timer = setTimeout(() => {
    if (opened || socket !== ws) return;
    socket = undefined;
    ws.close();
    tryAgain(url, false);
  }, CONNECT_TIMEOUT_MS);
  ws.addEventListener('open', () => {
    clearTimeout(timer);
    opened = true;
    failsInARow = 0;
    setMode('live');
    subscribe();
    if (openedBefore) for (const watcher of watchers.keys()) watcher.resumed();
    openedBefore = true;
  });
  ws.addEventListener('message', (event) => {
    try {
      const message = JSON.parse(String(event.data)) as ServerMessage | { message: string };
      // A push names its session; anything else answers the subscribe: ours, or API Gateway's own when the function failed.
      if ('eventId' in message) dispatch(message);
      else {
        subscribing = false;
        if (subscribeAgain) subscribe();
      }
    } catch {
      // Not ours: nothing to show.
    }
  });
  ws.addEventListener('close', () => {
    clearTimeout(timer);
    if (socket !== ws) return;
    // The next socket subscribes afresh when it opens.
    subscribing = false;
    tryAgain(url, opened);
  });
}

/** Resolves the configured URL against the page: a path means this server, ws:// or wss:// as the page is served. */
function socketUrl(configured: string): string {
  const url = new URL(configured, location.href);
  if (url.protocol === 'http:' || url.protocol === 'https:') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** Opens the page's socket once; without a live URL in the config the page polls. */
export function startLive(): void {
  if (started) return;
  started = true;
  document.documentElement.dataset.live = mode;
  onAuthChange(subscribe);
  pageConfig().then(
    (config) => (config.liveUrl ? open(socketUrl(config.liveUrl)) : setMode('polling')),
    () => setMode('polling'),
  );
}

/**
 * A section follows these sessions while `signal` is not aborted; watching
 * again with the same watcher replaces its sessions (one subscribe for all).
 */
export function watchSessions(sessions: readonly WatchedSession[], watcher: LiveWatcher, signal: AbortSignal): void {
  if (signal.aborted) return;
  startLive();
  const known = watchers.has(watcher);
  watchers.set(watcher, [...sessions]);
  subscribe();
  if (known) return;
  watcher.mode(mode);
  signal.addEventListener('abort', () => {
    watchers.delete(watcher);
    subscribe();
  });
}

/** A section follows one session while `signal` is not aborted. */
export const watchSession = (eventId: string, sessionId: string, watcher: LiveWatcher, signal: AbortSignal) => watchSessions([{ eventId, sessionId }], watcher, signal);

/** Called when the signed-in attendee is promoted from a waitlist (on any page). */
export function onPromoted(listener: (message: Extract<LiveMessage, { type: 'promoted' }>) => void): void {
  startLive();
  promotedListeners.add(listener);
}

/** How often a section reads again while the socket is not open (what the page always did before it was live). */
export const FALLBACK_POLL_MS = 10_000;

/**
 * The fallback to polling, for a watcher's `mode`: `load` runs every
 * FALLBACK_POLL_MS while the page is visible and the socket is not open,
 * and stops once it is.
 */
export function pollUnlessLive(load: () => Promise<unknown>, signal: AbortSignal): (mode: LiveMode) => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  signal.addEventListener('abort', () => clearInterval(timer));
  return (mode) => {
    if (mode === 'live' || signal.aborted) {
      clearInterval(timer);
      timer = undefined;
    } else {
      timer ??= setInterval(() => document.visibilityState === 'visible' && load().catch(() => undefined), FALLBACK_POLL_MS);
    }
  };
}
