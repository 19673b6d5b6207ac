/**
 * The console's timetable: one day of the event drawn as the public grid
 * draws it (timetable-layout.ts, timetable-view.ts, session-card.ts), with
 * a column for every room the event lists, where an organiser moves a
 * session to another room or time by dragging its card (./timetable-drag.ts)
 * or, without a pointer or on a phone, with its "move" form. A move is a
 * PATCH of room, start and end (its length kept) with If-Match of the
 * version the grid was drawn from: while it saves the card waits at its new
 * place; refused, it goes back, and someone else's earlier change (412) is
 * shown with their version, to reload or to move over it knowingly.
 * Unscheduled sessions are listed beside the grid and dragged in the same way.
 */
import { api, ApiError, describeError, getAll } from '../api';
import { field, h, replace } from '../dom';
import { getSpeakerNames } from '../events';
import { clockLabel, dateOf, dayLabel, minutesFromMidnight, zoneAbbreviation } from '../format';
import { href } from '../router';
import type { CardContext } from '../session-card';
import { sessionCard } from '../session-card';
import { messageArea, showMessage } from '../status';
import { layoutDay, type DayLayout } from '../timetable-layout';
import { MIN_CARD_MINUTES, renderTimetable } from '../timetable-view';
import { trackLooks } from '../track-colours';
import type { CatalogueEvent, Session } from '../types';
import { sessionUrl } from './console-sessions';
import { enableDrag, SNAP_MINUTES, type DragSource, type DropTarget } from './timetable-drag';
import { ct } from './words';
import { atMinute } from './zoned-time';

/** The hours the grid covers at least, so that there is somewhere to drop a session on an empty day. */
const HOURS = { from: 8 * 60, to: 20 * 60 };
/** The length an unscheduled session gets when it is given a time. */
const NEW_LENGTH = 30;
/** Pages of unscheduled sessions listed beside the grid. */
const UNSCHEDULED_PAGES = 5;

interface Move {
  room: string | null;
  startsAt: string;
  endsAt: string;
}

export async function consoleTimetable(body: HTMLElement, event: CatalogueEvent, query: URLSearchParams, signal: AbortSignal): Promise<void> {
  const zone = event.timezone;
  // An event that lists no days shows today's, where sessions can still be dropped.
  const day = query.get('day') ?? event.days[0]?.date ?? dateOf(new Date().toISOString(), zone);
  const eventUrl = `/events/${encodeURIComponent(event.id)}/sessions`;
  let sessions: Session[] = [];
  let unscheduled: Session[] = [];
  let speakerNames = new Map<string, string>();
  /** Moves being saved: their cards are drawn where they go, marked pending. */
  const pending = new Map<string, Move>();
  let layout: DayLayout | undefined;

  const minutesOf = (date: string) => minutesFromMidnight(date, zone);
  const lengthOf = (s: Session) => (s.startsAt && s.endsAt ? Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000) : NEW_LENGTH);
  const roomName = (room: string | null | undefined) => room || ct('timetable.noRoom');
  const whereOf = (move: { room?: string | null; startsAt?: string; endsAt?: string }) => {
    if (!move.startsAt || !move.endsAt) return `${roomName(move.room)}, ${ct('sessions.unscheduled')}`;
    const date = dateOf(move.startsAt, zone);
    const m = minutesOf(date);
    return `${roomName(move.room)}, ${dayLabel(date)} ${clockLabel(m(move.startsAt))}–${clockLabel(m(move.endsAt))}`;
  };
  const eventRooms = (event.rooms ?? []).map((r) => r.name);

  const message = messageArea();
  const conflict = h('section', { class: 'conflict', hidden: true, 'aria-live': 'polite' });
  const summary = h('p', { class: 'hint', role: 'status' });
  const gridArea = h('div', { class: 'grid-area' });
  const aside = h('aside', { class: 'unscheduled-side', 'aria-labelledby': 'unscheduled-side-heading' });
  const panel = h('section', { class: 'move-panel panel', hidden: true, 'aria-labelledby': 'move-heading' });
  const board = h('div', { class: 'timetable-board' }, gridArea, aside);

  const ctx: CardContext = {
    eventId: event.id,
    timeZone: zone,
    lookOf: trackLooks(event.tracks),
    speakersOf: (ids) => ids.map((id) => speakerNames.get(id)).filter(Boolean).join(', '),
    bookmarked: () => false,
    linkOf: (s) => href(['console', event.id, 'sessions', s.id]),
    // On the grid's narrow cards only the arrows show; the list on a phone says "move" too.
    control: (s) => h('button', { type: 'button', class: 'move-button secondary', 'data-move': s.id, 'aria-label': ct('timetable.moveLabel', { title: s.title }) },
      h('span', { 'aria-hidden': 'true' }, '⇅'), h('span', { class: 'move-text' }, ct('timetable.move'))),
  };

  const find = (id: string) => sessions.find((s) => s.id === id) ?? unscheduled.find((s) => s.id === id);

  function draw(): void {
    // A move being saved is drawn where it goes, if that is on this day.
    const moving = [...pending].flatMap(([id, move]) => {
      const session = find(id);
      return session && dateOf(move.startsAt, zone) === day ? [{ ...session, ...move, room: move.room ?? undefined }] : [];
    });
    const shown = sessions.filter((s) => !pending.has(s.id)).concat(moving);
    layout = layoutDay(shown, minutesOf(day), { roomOrder: eventRooms, rooms: eventRooms, minLength: MIN_CARD_MINUTES, hours: HOURS });
    const zoneName = zoneAbbreviation(zone, Date.parse(`${day}T12:00:00Z`));
    // Drawing again after a move keeps the grid scrolled where the organiser was.
    const old = gridArea.querySelector('.grid-scroll');
    const scrolled = old && { left: old.scrollLeft, top: old.scrollTop };
    const { element } = renderTimetable(layout, ctx, { zoneName });
    replace(gridArea, element);
    if (scrolled) element.scrollTo(scrolled);
    for (const id of pending.keys()) {
      const card = element.querySelector(`.card[data-session="${CSS.escape(id)}"]`);
      card?.classList.add('pending');
      card?.setAttribute('aria-busy', 'true');
      card?.querySelector('.card-meta')?.append(h('span', { class: 'badge pending-badge' }, ct('timetable.pending')));
    }
    element.querySelectorAll('.card-link').forEach((link) => link.setAttribute('draggable', 'false'));
    summary.textContent = ct('timetable.count', { count: sessions.length, rooms: layout.rooms.length });
    const waiting = unscheduled.filter((s) => !pending.has(s.id));
    replace(aside,
      h('h2', { id: 'unscheduled-side-heading' }, ct('timetable.unscheduled', { count: waiting.length })),
      h('p', { class: 'hint' }, waiting.length ? ct('timetable.unscheduledHint', { minutes: NEW_LENGTH }) : ct('timetable.unscheduledNone')),
      h('ul', { class: 'card-list' }, waiting.map((s) => sessionCard(s, ctx))));
  }

  async function load(): Promise<void> {
    const [scheduled, waiting, names] = await Promise.all([
      getAll<Session>(`${eventUrl}?day=${encodeURIComponent(day)}`, signal),
      getAll<Session>(`${eventUrl}?scheduled=false`, signal, UNSCHEDULED_PAGES),
      getSpeakerNames(event.id).catch(() => new Map<string, string>()),
    ]);
    sessions = scheduled.items;
    unscheduled = waiting.items;
    speakerNames = names;
    conflict.hidden = true;
    draw();
  }

  /** Saves a move over `version`; the card waits at its new place meanwhile. Whether it was saved. */
  async function move(session: Session, to: Move, version: number): Promise<boolean> {
    pending.set(session.id, to);
    conflict.hidden = true;
    showMessage(message, ct('timetable.saving', { title: session.title }), 'ok');
    draw();
    try {
      const saved = await api<Session>('PATCH', sessionUrl(event.id, session.id), { body: to, headers: { 'if-match': `"${version}"` } });
      unscheduled = unscheduled.filter((s) => s.id !== saved.id);
      sessions = sessions.filter((s) => s.id !== saved.id);
      // Moved to another day (the form), it leaves this one.
      if (saved.startsAt && dateOf(saved.startsAt, zone) === day) sessions.push(saved);
      showMessage(message, ct('timetable.moved', { title: saved.title, where: whereOf(saved), version: saved.version }), 'ok');
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        message.textContent = '';
        message.className = 'message';
        await showConflict(session, to).catch((failed: unknown) => showMessage(message, ct('timetable.refused', { title: session.title, detail: describeError(failed) }), 'error'));
      } else {
        showMessage(message, ct('timetable.refused', { title: session.title, detail: describeError(error) }), 'error');
        message.scrollIntoView({ block: 'nearest' });
      }
      return false;
    } finally {
      pending.delete(session.id);
      draw();
    }
  }

  /** Someone saved the session after the grid was drawn: their version beside the move, nothing overwritten. */
  async function showConflict(mine: Session, to: Move): Promise<void> {
    const theirs = await api<Session>('GET', sessionUrl(event.id, mine.id), { cache: 'no-store' });
    const reload = h('button', { type: 'button' }, ct('timetable.reload'));
    const over = h('button', { type: 'button', class: 'secondary' }, ct('timetable.applyOver'));
    reload.addEventListener('click', () => void load().catch((error: unknown) => showMessage(message, describeError(error), 'error')));
    over.addEventListener('click', () => void move(theirs, to, theirs.version));
    replace(conflict,
      h('h2', null, ct('timetable.conflictTitle')),
      h('p', { class: 'theirs' }, h('strong', null, theirs.title), ' — ', ct('timetable.theirs', { version: theirs.version, where: whereOf(theirs) })),
      h('p', { class: 'mine' }, ct('timetable.mine', { where: whereOf(to) })),
      h('p', { class: 'hint' }, ct('timetable.wentBack')),
      h('div', { class: 'actions' }, reload, over));
    conflict.hidden = false;
    conflict.scrollIntoView({ block: 'nearest' });
  }

  /** A drop, or the form: the session's room and start, its length kept. */
  const moveTo = (session: Session, room: string | null, date: string, start: number) =>
    move(session, { room, startsAt: atMinute(date, start, zone), endsAt: atMinute(date, start + lengthOf(session), zone) }, session.version);

  // --- the keyboard's and the phone's way: a small form per card.
  function openForm(session: Session): void {
    const rooms = [...new Set([...eventRooms, ...sessions.flatMap((s) => (s.room ? [s.room] : []))])];
    const room = h('select', { name: 'room' }, h('option', { value: '' }, ct('timetable.noRoom')), rooms.map((name) => h('option', { value: name }, name)));
    room.value = session.room ?? '';
    const days = event.days.length ? event.days.map((d) => d.date) : [day];
    const date = h('select', { name: 'day' }, days.map((d) => h('option', { value: d }, dayLabel(d))));
    const startsOn = session.startsAt ? dateOf(session.startsAt, zone) : day;
    date.value = days.includes(startsOn) ? startsOn : day;
    const start = h('input', { type: 'time', name: 'start', step: SNAP_MINUTES * 60, required: true });
    start.value = session.startsAt ? clockLabel(minutesOf(startsOn)(session.startsAt)).slice(0, 5) : '';
    const close = h('button', { type: 'button', class: 'secondary' }, ct('timetable.close'));
    const outcome = messageArea();
    const form = h('form', { class: 'console-form' },
      field(ct('timetable.room'), room), field(ct('timetable.day'), date), field(ct('timetable.start'), start, h('span', { class: 'hint' }, ct('timetable.length', { minutes: lengthOf(session) }), ` (${event.timezone})`)),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, ct('timetable.save')), close), outcome);
    const done = () => {
      panel.hidden = true;
      gridArea.querySelector<HTMLElement>(`[data-move="${CSS.escape(session.id)}"]`)?.focus();
    };
    close.addEventListener('click', done);
    form.addEventListener('keydown', (e) => e.key === 'Escape' && done());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const [hours, minutes] = start.value.split(':').map(Number);
      panel.hidden = true;
      void moveTo(session, room.value || null, date.value, hours! * 60 + minutes!).then((saved) => {
        if (saved) return done();
        // Someone else's version is shown above; any other refusal stays with the form, its reason in it (a phone would not see the top).
        if (!conflict.hidden) return conflict.querySelector('button')?.focus();
        showMessage(outcome, message.textContent ?? '', 'error');
        replace(message);
        message.className = 'message';
        panel.hidden = false;
        panel.scrollIntoView({ block: 'nearest' });
        room.focus();
      });
    });
    replace(panel, h('h2', { id: 'move-heading' }, ct('timetable.moveTitle', { title: session.title })), form);
    panel.hidden = false;
    panel.scrollIntoView({ block: 'nearest' });
    room.focus();
  }
  board.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-move]');
    const session = button && find(button.dataset.move!);
    if (session && !pending.has(session.id)) openForm(session);
  });

  enableDrag(board, {
    layout: () => layout,
    source: (card): DragSource | undefined => {
      const session = find(card.dataset.session!);
      if (!session || pending.has(session.id)) return undefined;
      return { sessionId: session.id, length: lengthOf(session), ...(session.startsAt ? { start: minutesOf(day)(session.startsAt) } : {}) };
    },
    label: (target, length) => `${roomName(target.room)} · ${clockLabel(target.start)}–${clockLabel(target.start + length)}`,
    drop: (source, target) => {
      const session = find(source.sessionId);
      if (!session || (target.start === source.start && (target.room ?? undefined) === session.room)) return;
      void moveTo(session, target.room, day, target.start);
    },
  }, signal);

  const dayNav = event.days.length > 1
    ? h('nav', { class: 'days', 'aria-label': ct('timetable.days') }, h('ul', null, event.days.map((d) =>
      h('li', null, h('a', { href: href(['console', event.id, 'timetable'], { day: d.date }), ...(d.date === day ? { 'aria-current': 'page' } : {}) }, dayLabel(d.date))))))
    : null;
  replace(body, dayNav, h('p', { class: 'hint' }, ct('timetable.hint')), summary, conflict, message, panel, board);
  await load();
}
