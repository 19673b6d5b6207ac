/**
 * The catalogue's fixed words and bounds, in a module without zod: code that
 * only needs them (ids in a path, a session's types) loads no validator.
 */

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const sessionTypes = ['keynote', 'breakout', 'workshop', 'expo', 'other'] as const;
export const sessionStatuses = ['scheduled', 'cancelled'] as const;

/** Speakers per session: bounded so that one session write fits in one DynamoDB transaction (100 items). */
export const MAX_SPEAKERS_PER_SESSION = 16;

/** Items of each kind in one import request. */
export const MAX_IMPORT_ITEMS = 1000;

/** Values one multi-select filter takes at most: each is a Query (track, room) or a term of an IN filter. */
export const MAX_FILTER_VALUES = 10;
