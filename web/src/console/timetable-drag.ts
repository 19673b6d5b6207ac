/**
 * Dragging a session's card on the console's timetable with pointer events,
 * so a mouse, a pen and a finger all do it: past a few pixels a ghost
 * follows the pointer and a marker shows the slot it would land in, in the
 * room under the pointer, its start snapped to SNAP_MINUTES, its length
 * kept. A finger must rest on the card a moment first (HOLD_MS): a quick
 * swipe over the cards is the browser's, to scroll through the rooms.
 * Near the grid's edges the grid scrolls (dozens of rooms). Escape,
 * or letting go outside the grid, drops nothing. Only where the grid is a
 * grid (a wide screen): a phone's list moves sessions with the move form.
 */
import { h } from '../dom';
import { NO_ROOM, type DayLayout, type RoomColumn } from '../timetable-layout';

export const SNAP_MINUTES = 5;
/** How far the pointer goes before a press becomes a drag (a shorter one is a click on the card's link). */
const THRESHOLD_PX = 6;
/** How long a finger rests on a card before it may drag it; moved sooner, it scrolls the grid. */
const HOLD_MS = 350;
/** Within this of the grid's box's edge the grid scrolls while dragging. */
const EDGE_PX = 48;
const SCROLL_STEP_PX = 32;

export interface DropTarget {
  /** null: the column of sessions without a room. */
  room: string | null;
  /** Minutes from the grid's midnight. */
  start: number;
}

export interface DragSource {
  sessionId: string;
  /** Where it starts now, in the grid's minutes; undefined when unscheduled. */
  start?: number;
  length: number;
}

export interface DragHooks {
  layout: () => DayLayout | undefined;
  source: (card: HTMLElement) => DragSource | undefined;
  /** What the ghost says over a slot ("Room 103 · 10:35–11:00"). */
  label: (target: DropTarget, length: number) => string;
  drop: (source: DragSource, target: DropTarget) => void;
}

interface Geometry {
  grid: HTMLElement;
  scroller: HTMLElement;
  lanes: DOMRect[];
  /** Pixels per minute and the room above the grid's first minute, as the page's CSS draws them. */
  ppm: number;
  pad: number;
}

function geometry(area: HTMLElement, layout: DayLayout): Geometry | undefined {
  const scroller = area.querySelector<HTMLElement>('.grid-scroll');
  const grid = scroller?.querySelector<HTMLElement>('.grid');
  if (!scroller || !grid || getComputedStyle(grid).display !== 'grid') return undefined;
  // The room lanes are drawn in layout.rooms' order, each as tall as the grid's time row.
  const lanes = [...grid.querySelectorAll('.room-lane')].map((lane) => lane.getBoundingClientRect());
  if (lanes.length !== layout.rooms.length || lanes.length === 0) return undefined;
  const pad = parseFloat(getComputedStyle(grid.querySelector('.grid-lines')!).backgroundPositionY) || 0;
  return { grid, scroller, lanes, pad, ppm: (lanes[0]!.height - 2 * pad) / (layout.to - layout.from) };
}

/** The room column and snapped start under the pointer, or undefined outside the grid's box. */
function targetAt(g: Geometry, layout: DayLayout, x: number, y: number, grab: number, length: number): { target: DropTarget; room: RoomColumn } | undefined {
  const box = g.scroller.getBoundingClientRect();
  if (x < box.left || x > box.right || y < box.top || y > box.bottom) return undefined;
  let index = g.lanes.findIndex((r) => x >= r.left && x < r.right);
  if (index < 0) index = x < g.lanes[0]!.left ? 0 : g.lanes.length - 1;
  const room = layout.rooms[index]!;
  const minute = layout.from + (y - g.lanes[0]!.top - g.pad) / g.ppm - grab;
  const latest = Math.max(layout.from, layout.to - length);
  const start = Math.min(latest, Math.max(layout.from, Math.round(minute / SNAP_MINUTES) * SNAP_MINUTES));
  return { target: { room: room.name === NO_ROOM ? null : room.name, start }, room };
}

export function enableDrag(area: HTMLElement, hooks: DragHooks, signal: AbortSignal): void {
  let drag: {
    card: HTMLElement; source: DragSource; pointerId: number; x0: number; y0: number; x: number; y: number;
    /** Minutes between the card's top and where it was grabbed, so the card keeps its place under the pointer. */
    grab: number;
    moved: boolean; ghost?: HTMLElement; marker?: HTMLElement; target?: DropTarget; scrolling?: ReturnType<typeof setInterval>;
    /** The card may be dragged: at once for a mouse or a pen, after HOLD_MS for a finger. */
    held: boolean; holding?: ReturnType<typeof setTimeout>;
  } | undefined;

  const update = () => {
    const layout = hooks.layout();
    const g = layout && geometry(area, layout);
    const found = g && targetAt(g, layout, drag!.x, drag!.y, drag!.grab, drag!.source.length);
    drag!.target = found?.target;
    const ghost = drag!.ghost!;
    ghost.style.left = `${drag!.x + 14}px`;
    ghost.style.top = `${drag!.y + 14}px`;
    ghost.querySelector('.drag-where')!.textContent = found ? hooks.label(found.target, drag!.source.length) : '';
    if (!found) return drag!.marker?.remove();
    const marker = (drag!.marker ??= h('div', { class: 'drop-marker', 'aria-hidden': 'true' }));
    if (marker.parentElement !== g.grid) g.grid.append(marker);
    marker.style.gridColumn = `${found.room.column} / span ${found.room.lanes}`;
    marker.style.setProperty('--top', String(found.target.start - layout.from));
    marker.style.setProperty('--length', String(drag!.source.length));
  };

  /**
   * While the pointer rests near an edge of the grid's box as far as it is
   * on screen, the grid scrolls under it; past the window's edge, the page
   * scrolls first (the grid's box may reach below the window).
   */
  const edgeScroll = () => {
    const scroller = area.querySelector<HTMLElement>('.grid-scroll');
    if (!drag || !scroller) return;
    const box = scroller.getBoundingClientRect();
    const bottom = Math.min(box.bottom, innerHeight);
    const top = Math.max(box.top, 0);
    const dx = drag.x > box.right - EDGE_PX ? 1 : drag.x < box.left + EDGE_PX ? -1 : 0;
    const dy = drag.y > bottom - EDGE_PX ? 1 : drag.y < top + EDGE_PX ? -1 : 0;
    if (dx === 0 && dy === 0) return;
    const pageFirst = (dy > 0 && box.bottom > innerHeight) || (dy < 0 && box.top < 0);
    if (pageFirst) scrollBy(0, dy * SCROLL_STEP_PX);
    scroller.scrollBy(dx * SCROLL_STEP_PX, pageFirst ? 0 : dy * SCROLL_STEP_PX);
    update();
  };

  const finish = (dropped: boolean) => {
    if (!drag) return;
    const { card, source, moved, target, ghost, marker, scrolling, holding } = drag;
    drag = undefined;
    ghost?.remove();
    marker?.remove();
    clearInterval(scrolling);
    clearTimeout(holding);
    card.classList.remove('dragging', 'held');
    if (!moved) return;
    // The press was a drag, not a click on the card's link.
    const swallow = (e: Event) => (e.preventDefault(), e.stopPropagation());
    window.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => window.removeEventListener('click', swallow, { capture: true }));
    if (dropped && target) hooks.drop(source, target);
  };

  // A link's own drag (its address) would take the pointer away.
  area.addEventListener('dragstart', (e) => e.preventDefault());
  area.addEventListener('pointerdown', (e) => {
    if (drag || !e.isPrimary || e.button !== 0) return;
    const element = e.target as Element;
    const card = element.closest<HTMLElement>('.card[data-session]');
    const layout = hooks.layout();
    const g = layout && geometry(area, layout);
    if (!card || !g || element.closest('button, input, select, textarea')) return;
    const source = hooks.source(card);
    if (!source) return;
    const inGrid = g.grid.contains(card) && source.start !== undefined;
    const grab = inGrid ? Math.min(source.length, Math.max(0, (e.clientY - card.getBoundingClientRect().top) / g.ppm)) : 0;
    const finger = e.pointerType === 'touch';
    drag = { card, source, pointerId: e.pointerId, x0: e.clientX, y0: e.clientY, x: e.clientX, y: e.clientY, grab, moved: false, held: !finger };
    if (finger) {
      const pressed = drag;
      pressed.holding = setTimeout(() => {
        if (drag !== pressed) return;
        pressed.held = true;
        card.classList.add('held');
      }, HOLD_MS);
    }
  });
  area.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    drag.x = e.clientX;
    drag.y = e.clientY;
    if (!drag.moved) {
      if (Math.hypot(e.clientX - drag.x0, e.clientY - drag.y0) < THRESHOLD_PX) return;
      // A finger that moves before it rested is scrolling: the browser's (it may have said so with pointercancel).
      if (!drag.held) return finish(false);
      drag.moved = true;
      // From here the pointer's events come to the card wherever it goes (and a click does not reach its link).
      drag.card.setPointerCapture(e.pointerId);
      drag.card.classList.add('dragging');
      drag.ghost = h('div', { class: 'drag-ghost', 'aria-hidden': 'true' },
        h('span', { class: 'drag-title' }, drag.card.querySelector('.card-title')?.textContent ?? ''), h('span', { class: 'drag-where' }));
      document.body.append(drag.ghost);
      drag.scrolling = setInterval(edgeScroll, 40);
    }
    e.preventDefault();
    update();
  });
  // Once a finger has rested on a card, its moves are the drag's, not a scroll, and its long press opens no menu.
  area.addEventListener('touchmove', (e) => drag?.held && e.preventDefault(), { passive: false });
  area.addEventListener('contextmenu', (e) => drag?.held && e.preventDefault());
  area.addEventListener('pointerup', (e) => e.pointerId === drag?.pointerId && finish(true));
  area.addEventListener('pointercancel', (e) => e.pointerId === drag?.pointerId && finish(false));
  // Only the card's own capture ending: a finger's implicit capture (on the link touched) ends when the card takes it.
  area.addEventListener('lostpointercapture', (e) => e.pointerId === drag?.pointerId && e.target === drag.card && finish(false));
  document.addEventListener('keydown', (e) => e.key === 'Escape' && drag?.moved && finish(false), { signal });
}
