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
export const BLOCK_LIFE_MS = 300;

/** The largest block (a shard's hand-outs in a third of a block's life well past its design rate). */
export const MAX_BLOCK = 32;

/**
 * The next block's size, from the last block: the places it handed out and
 * how long after it was made its shard came back for more. Sized to what the
 * shard hands out in a third of a block's life at that rate, so that a block
 * is used up before it expires even when the rate drops (what an expired
 * block has left is given up, a marker in every line replica), and the line
 * counter takes one write per block. At most twice the last one: a rate
 * read from a few places in a few milliseconds is noisy. A quiet session
 * takes one place at a time, in order.
 */
export function nextBlockSize(last: { size: number; handedOut: number; ageMs: number } | undefined): number {
  if (!last) return 1;
  const perMs = last.handedOut / Math.max(1, last.ageMs);
  return Math.max(1, Math.min(MAX_BLOCK, 2 * last.size, Math.floor((perMs * BLOCK_LIFE_MS) / 3)));
}

/** How many shards keep a copy of the line's state (passed, given-up places): one per eight shards, so position reads spread too. */
export const lineReplicas = (shards: number) => Math.ceil(shards / 8);

/**
 * The shard whose partition holds a place's entry: spread by place,
 * whichever shard handed it out; over several shards never shard 0, which
 * keeps the line's counter.
 */
export const entryShard = (place: number, shards: number) => (shards === 1 ? 0 : 1 + ((place - 1) % (shards - 1)));
/** The line replica that answers for a place's position: spread over the replicas. */
export const replicaOfPlace = (place: number, shards: number) => (place - 1) % lineReplicas(shards);

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
