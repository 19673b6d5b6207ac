/**
 * A session's seats split over N shards (docs/reservations.md, "Shards"), as
 * plain functions: which shard hands out which places in line, how the
 * capacity is shared, where a reservation should try, and how the shards
 * add up. The store enforces the rules in transactions.
 *
 * Places stay one line, numbered 1, 2, 3, … for the whole session: shard s
 * hands out the places s + 1, s + 1 + N, s + 1 + 2N, … (its k-th place is
 * (k − 1)·N + s + 1), each with one increment of its own counter. A place a
 * shard has not handed out yet is a gap in the line: positions count it
 * (over-stated, never under), and it is handed out later or given up.
 */
import type { SeatCounts } from './waitlist';

/** At most this many shards: a session write updating every counter, with its largest speaker change, fits one transaction. */
export const MAX_SEAT_SHARDS = 32;

/** Reservation attempts a second one shard is sized for (docs/reservations.md, "The limit per session"). */
export const ATTEMPTS_PER_SHARD = 160;

/** How many shards keep a copy of the line's state (passed, given-up places): one per four shards, so position reads spread too. */
export const lineReplicas = (shards: number) => Math.ceil(shards / 4);

export const shardOfPlace = (place: number, shards: number) => (place - 1) % shards;
/** The how-manieth place of its shard a place is (1 for its first). */
export const handoutOfPlace = (place: number, shards: number) => Math.floor((place - 1) / shards) + 1;
/** The place a shard's `handout`-th increment hands out. */
export const placeOf = (shard: number, handout: number, shards: number) => (handout - 1) * shards + shard + 1;
/** The line replica that answers for a place's position: one per shard, spread over the replicas. */
export const replicaOfPlace = (place: number, shards: number) => shardOfPlace(place, shards) % lineReplicas(shards);
/** The place a shard hands out next. */
export const nextPlaceOf = (counter: { shard: number; granted?: number | undefined }, shards: number) => placeOf(counter.shard, (counter.granted ?? 0) + 1, shards);

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
  /** Places this shard handed out so far. */
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
 *   (capacity was raised): seat the line first; else join the line on the
 *   shard whose next place comes first (so gaps stay few).
 */
export type ShardStep = { kind: 'confirm'; shard: number } | { kind: 'find-seat' } | { kind: 'seat-the-line' } | { kind: 'join'; shard: number };

export function shardStep(looked: readonly ShardSeats[], shards: number): ShardStep {
  const free = looked.filter(hasFreeSeat);
  if (!looked[0]!.line) {
    if (free.length === 0) return { kind: 'find-seat' };
    const roomiest = free.reduce((a, b) => (freeSeats(b) > freeSeats(a) ? b : a));
    return { kind: 'confirm', shard: roomiest.shard };
  }
  if (free.length > 0) return { kind: 'seat-the-line' };
  const first = looked.reduce((a, b) => (nextPlaceOf(b, shards) < nextPlaceOf(a, shards) ? b : a));
  return { kind: 'join', shard: first.shard };
}

const freeSeats = (seats: SeatCounts) => (seats.capacity === null ? Infinity : seats.capacity - seats.taken);

/** A session's seats as clients see them: the shards added up. */
export function addUpShards(shards: readonly Pick<SeatCounts, 'taken' | 'waitlisted'>[]): { taken: number; waitlisted: number } {
  return {
    taken: shards.reduce((sum, s) => sum + (s.taken ?? 0), 0),
    waitlisted: shards.reduce((sum, s) => sum + (s.waitlisted ?? 0), 0),
  };
}
