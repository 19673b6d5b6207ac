/**
 * The catalogue's fixed words and bounds, in a module without zod: code that
 * only needs them (ids in a path, a session's types) loads no validator.
 */

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The session formats of an event that names none of its own (an event's `types` replaces them). */
export const sessionTypes = ['keynote', 'breakout', 'workshop', 'expo', 'other'] as const;

/** The language of an event's text when it names no `defaultLanguage` (the catalogue's events are Korean first). */
export const FALLBACK_LANGUAGE = 'ko';

/** A BCP 47 language tag as the catalogue takes it: `ko`, `en`, `en-US`, `zh-Hant`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/** Languages one title or abstract is written in at most. */
export const MAX_TEXT_LANGUAGES = 10;

/** What a session link is (frab's links, Sessionize's): its slides, the recording, a write-up, or anything else. */
export const linkKinds = ['slides', 'video', 'blog', 'other'] as const;
export const sessionStatuses = ['scheduled', 'cancelled'] as const;

/** Speakers per session: bounded so that one session write fits in one DynamoDB transaction (100 items). */
export const MAX_SPEAKERS_PER_SESSION = 16;

/** Items of each kind in one import request. */
export const MAX_IMPORT_ITEMS = 1000;

/** Values one multi-select filter takes at most: each is a Query (track, room) or a term of an IN filter. */
export const MAX_FILTER_VALUES = 10;
