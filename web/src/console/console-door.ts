/**
 * The door, on an organiser's phone: pick the session, then scan each
 * attendee's QR code with the camera or type the code. A scan checks in
 * once, for that session only (the API decides). Without a network the
 * scans wait in this phone's storage, each with the time it happened and
 * an id of its own, and go as one batch when the network is back; sending
 * them twice is harmless (`scanId`). Checked-in against confirmed counts
 * stay on screen.
 */
import { api, ApiError, get, getAll } from '../api';
import { field, h, replace } from '../dom';
import { href } from '../router';
import type { CatalogueEvent, Session } from '../types';
import { startScanner, type Scanner } from './qr-scanner';
import { sessionUrl, whenOf } from './console-sessions';
import { ct } from './words';

interface QueuedScan {
  eventId: string;
  sessionId: string;
  code: string;
  scannedAt: string;
  scanId: string;
}

interface Counts {
  capacity: number | null;
  confirmed: number;
  checkedIn: number;
  waitlisted: number;
}

interface Problem {
  detail?: string;
  checkedInAt?: string;
}

const QUEUE_KEY = 'console.doorQueue';
const REFRESH_MS = 5_000;
/** The batch route's limit. */
const BATCH = 100;

const queued = (): QueuedScan[] => JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]') as QueuedScan[];
const keep = (scans: QueuedScan[]) => localStorage.setItem(QUEUE_KEY, JSON.stringify(scans));

/** What a refused scan means at the door, in a few words. */
function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return ct('door.failed');
  if (error.status === 409) return ct('door.already');
  if (error.status === 422) return ct('door.wrongSession');
  if (error.status === 400) return ct('door.badCode');
  return ct('door.failed');
}

/**
 * Sends the queued scans, a batch per session; keeps what could not be sent
 * (no network, signed out, the server failing). A batch the server answered
 * is settled, each scan accepted or refused on its own.
 */
export async function flushDoorQueue(): Promise<{ sent: number; left: number }> {
  let scans = queued();
  let sent = 0;
  while (scans.length > 0) {
    const first = scans[0]!;
    const batch = scans.filter((s) => s.eventId === first.eventId && s.sessionId === first.sessionId).slice(0, BATCH);
    try {
      await api(`POST`, `${sessionUrl(first.eventId, first.sessionId)}/check-ins/batch`, { body: { scans: batch.map(({ code, scannedAt, scanId }) => ({ code, scannedAt, scanId })) } });
    } catch (error) {
      // Only a batch the server refused as malformed (400) would never go: it is dropped, not retried forever. No network,
      // a lapsed sign-in (401, 403), a busy or failing server: the scans stay for the next flush.
      if (!(error instanceof ApiError && error.status === 400)) break;
    }
    const ids = new Set(batch.map((s) => s.scanId));
    scans = queued().filter((s) => !ids.has(s.scanId));
    keep(scans);
    sent += batch.length;
  }
  return { sent, left: scans.length };
}

export async function consoleDoor(body: HTMLElement, event: CatalogueEvent, signal: AbortSignal): Promise<void> {
  const { items } = await getAll<Session>(`/events/${encodeURIComponent(event.id)}/sessions?scheduled=true&status=scheduled`, signal);
  const select = h('select', { name: 'session' }, items.map((s) => h('option', { value: s.id }, `${whenOf(s, event)} · ${s.title}`)));
  // The session this phone was at, else the first one not over yet: the door's session now or next.
  const remembered = sessionStorage.getItem(`console.door.${event.id}`);
  const now = Date.now();
  select.value = remembered && items.some((s) => s.id === remembered) ? remembered : (items.find((s) => Date.parse(s.endsAt!) > now) ?? items[0])?.id ?? '';
  const code = h('input', { name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', inputmode: 'text', placeholder: 'XXXX-XXXX-XXXX', 'data-path': 'body.code' });
  const submit = h('button', { type: 'submit' }, ct('door.checkIn'));
  const scan = h('button', { type: 'button', class: 'secondary' }, ct('door.scan'));
  const result = h('p', { class: 'door-result', role: 'status' });
  const counts = h('p', { class: 'door-counts', 'aria-live': 'polite' });
  const queueLine = h('p', { class: 'door-queue hint', role: 'status' });
  const video = h('video', { class: 'door-camera', playsinline: true, muted: true, hidden: true });
  let scanner: Scanner | undefined;

  const show = (text: string, kind: 'ok' | 'error' | 'queued') => {
    result.textContent = text;
    result.className = `door-result ${kind}`;
  };
  const drawQueue = () => {
    const waiting = queued().filter((s) => s.eventId === event.id).length;
    queueLine.textContent = waiting > 0 ? ct('door.queued', { count: waiting }) : '';
  };
  const refreshCounts = async () => {
    try {
      const roster = await get<{ counts: Counts }>(`${sessionUrl(event.id, select.value)}/roster?limit=1`, signal);
      const { confirmed, checkedIn, waitlisted } = roster.counts;
      counts.textContent = ct('door.counts', { checkedIn, confirmed, waitlisted });
    } catch {
      // Offline: the last counts stay, the queue line says what waits.
    }
  };

  async function checkIn(raw: string): Promise<void> {
    const scanned: QueuedScan = { eventId: event.id, sessionId: select.value, code: raw.trim(), scannedAt: new Date().toISOString(), scanId: crypto.randomUUID() };
    if (!scanned.code) return;
    try {
      const answer = await api<{ attendeeId: string }>('POST', `${sessionUrl(scanned.eventId, scanned.sessionId)}/check-ins`, { body: { code: scanned.code, scanId: scanned.scanId } });
      show(ct('door.ok', { attendee: answer.attendeeId }), 'ok');
      void refreshCounts();
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) {
        keep([...queued(), scanned]);
        drawQueue();
        show(ct('door.offline'), 'queued');
        return;
      }
      show(refusal(error), 'error');
    } finally {
      code.value = '';
      code.focus();
    }
  }

  const form = h('form', { class: 'console-form door' },
    field(ct('door.session'), select),
    field(ct('door.code'), code, h('span', { class: 'hint' }, ct('door.codeHint'))),
    h('div', { class: 'actions' }, submit, scan));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void checkIn(code.value);
  });
  select.addEventListener('change', () => {
    sessionStorage.setItem(`console.door.${event.id}`, select.value);
    void refreshCounts();
  });
  scan.addEventListener('click', () => {
    if (scanner) {
      scanner.stop();
      scanner = undefined;
      scan.textContent = ct('door.scan');
      return;
    }
    scan.textContent = ct('door.stopScan');
    startScanner(video, (text) => void checkIn(text)).then(
      (started) => (scanner = started),
      () => {
        scan.textContent = ct('door.scan');
        show(ct('door.noCamera'), 'error');
      },
    );
  });

  const flush = async () => {
    if (queued().length === 0) return;
    const { sent } = await flushDoorQueue();
    drawQueue();
    if (sent > 0) {
      show(ct('door.flushed', { count: sent }), 'ok');
      void refreshCounts();
    }
  };
  window.addEventListener('online', () => void flush(), { signal });
  const timer = setInterval(() => {
    void flush();
    void refreshCounts();
  }, REFRESH_MS);
  signal.addEventListener('abort', () => {
    clearInterval(timer);
    scanner?.stop();
  });

  replace(body,
    items.length === 0 ? h('p', { class: 'hint' }, ct('door.noSessions'), ' ', h('a', { href: href(['console', event.id, 'import']) }, ct('console.section.import'))) : null,
    form, video, result, counts, queueLine);
  drawQueue();
  await refreshCounts();
  void flush();
}
