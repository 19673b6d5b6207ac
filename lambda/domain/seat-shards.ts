/**
 * A session's seats split over N shards (docs/reservations.md, "Shards"), as
 * plain functions: how places in line are handed out in blocks, how the
 * capacity is shared, where a reservation should try, and how the shards
 * add up. The store enforces the rules in transactions.
 *
 * Places stay one line, numbered 1, 2, 3, … for the whole session by one
 * counter (shard 0's `granted`). With one shard every join takes the next
 * place from it. With several, a shard takes a block of places from it and
 * hands them out one by one, each with an increment of its own counter; a
 * block is handed out for BLOCK_LIFE_MS at most, so a newcomer never gets a
 * place ahead of anyone who joined longer ago than that. A place of an open
 * block not handed out yet counts as ahead of the places behind it (over-stated,
 * never under); what a block has left when it expires is given up at once.
 */
import type { SeatCounts } from './waitlist';

/** At most this many shards: a session's create, with its 16 speakers, and its delete each fit one transaction. */
export const MAX_SEAT_SHARDS = 40;

/** Reservation attempts a second one shard is sized for (docs/reservations.md, "The limit per session"). */
export const ATTEMPTS_PER_SHARD = 125;

/** How long a shard hands out the places of one block: the most a newcomer can be ahead of someone who pressed before them. */
export const BLOCK_LIFE_MS = 100;

/** The largest block: a shard's hand-outs in half a block's life at a full rush, so the line counter takes few writes. */
export const MAX_BLOCK = 16;

/**
 * The next block's size, from the last block and how long ago it was made:
 * doubled when it was used up within half its life (a rush), the same
 * within its life, and one again when it expired or was made longer ago
 * (the rush is over: what a block has left when it expires is given up, so
 * smaller is less to give up). A quiet session takes one place at a time,
 * in order.
 */
export function nextBlockSize(last: { size: number; usedUp: boolean; ageMs: number } | undefined): number {
  if (!last || !last.usedUp || last.ageMs >= BLOCK_LIFE_MS) return 1;
  return last.ageMs < BLOCK_LIFE_MS / 2 ? Math.min(MAX_BLOCK, last.size * 2) : last.size;
}

/** How many shards keep a copy of the line's state (passed, given-up places): one per four shards, so position reads spread too. */
export const lineReplicas = (shards: number) => Math.ceil(shards / 4);

/** The shard whose partition holds a place's entry: spread by place, whichever shard handed it out. */
export const entryShard = (place: number, shards: number) => (place - 1) % shards;
/** The line replica that answers for a place's position: spread over the replicas. */
export const replicaOfPlace = (place: number, shards: number) => entryShard(place, shards) % lineReplicas(shards);

/**
 * Each shard's share of `capacity`: at least the seats it holds, the rest
 * spread evenly. Undefined when more seats are held than `capacity`.
 */
export function shareCapacity(capacity: number | null, taken: readonly number[]): (number | null)[] | undefined {
  if (capacity === null) return taken.map(() => null);
  const free = capacity - taken.reduce((sum, t) => sum + t, 0);
  if (free < 0) return undefined;
  return taken.map((t, shard) => t + Math.floor(free / taken.length) + (shard < free % taken.length ? 1 : 0));
}

/** One shard's counter, as far as the rules need it. */
export interface ShardSeats extends SeatCounts {
  shard: number;
  status: 'scheduled' | 'cancelled';
  /** Shard 0: places handed out so far, for the whole line. */
  granted?: number;
  /** With more than one shard: the line is open (every seat was taken); nobody waits while it is closed. */
  line?: boolean;
}

export const hasFreeSeat = (seats: SeatCounts) => seats.capacity === null || seats.taken < seats.capacity;

/** The two shards a reservation looks at (one when there is one): the power of two choices keeps shards evenly loaded. */
export function shardsToLookAt(shards: number, random: () => number = Math.random): number[] {
  if (shards === 1) return [0];
  const first = Math.floor(random() * shards);
  const second = (first + 1 + Math.floor(random() * (shards - 1))) % shards;
  return [first, second];
}

/**
 * What a reservation tries next on a session of several shards, from the
 * counters it looked at (the line flag is the same on every shard):
 * - the line closed: a seat on a looked-at shard that has one (the one with
 *   more free); none there: look at every shard (`find-seat`);
 * - the line open: a looked-at shard with a free seat means seats came free
 *   (capacity was raised): seat the line first; else join the line through
 *   a looked-at shard other than 0 (shard 0 keeps the line's counter, which
 *   every block of places is taken from).
 */
export type ShardStep = { kind: 'confirm'; shard: number } | { kind: 'find-seat' } | { kind: 'seat-the-line' } | { kind: 'join'; shard: number };

export function shardStep(looked: readonly ShardSeats[]): ShardStep {
  const free = looked.filter(hasFreeSeat);
  if (!looked[0]!.line) {
    if (free.length === 0) return { kind: 'find-seat' };
    const roomiest = free.reduce((a, b) => (freeSeats(b) > freeSeats(a) ? b : a));
    return { kind: 'confirm', shard: roomiest.shard };
  }
  if (free.length > 0) return { kind: 'seat-the-line' };
  return { kind: 'join', shard: looked.find((counter) => counter.shard !== 0)!.shard };
}

const freeSeats = (seats: SeatCounts) => (seats.capacity === null ? Infinity : seats.capacity - seats.taken);

/** A session's seats as clients see them: the shards added up. */
export function addUpShards(shards: readonly Pick<SeatCounts, 'taken' | 'waitlisted'>[]): { taken: number; waitlisted: number } {
  return {
    taken: shards.reduce((sum, s) => sum + (s.taken ?? 0), 0),
    waitlisted: shards.reduce((sum, s) => sum + (s.waitlisted ?? 0), 0),
  };
}
