/**
 * The shapes of the catalogue, as zod schemas. The same schemas validate
 * requests in the handlers and generate the OpenAPI document (at build time:
 * scripts/openapi.ts), so the contract that clients read is the one the
 * server enforces.
 *
 * What this costs a function is kept to what it uses (docs/performance.md):
 * zod/mini, whose checks are functions a bundle keeps only when it calls
 * them; and every schema made on first use (`sessionInput()`), so a
 * function neither carries the schemas it never parses with nor spends its
 * cold start making them (all of them took ~24 ms at import).
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { LANGUAGE_TAG, MAX_FILTER_VALUES, MAX_LANGUAGE_TAG_LENGTH, MAX_TEXT_LANGUAGES, MAX_IMPORT_ITEMS, MAX_SPEAKERS_PER_SESSION, SLUG_PATTERN, linkKinds, sessionStatuses } from './vocabulary';
import { ATTEMPTS_PER_SHARD, MAX_SEAT_SHARDS } from './seat-shards';

// zod/mini has no messages of its own: the English ones, as clients have always read them.
z.config(en());

/** A value made on its first use and kept: what every schema here is. Unused, esbuild drops it and all it refers to. */
/* @__NO_SIDE_EFFECTS__ */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** What a schema (as exported here, made on first use) gives once it has parsed a value. */
export type Parsed<T extends () => z.ZodMiniType> = z.output<ReturnType<T>>;

/** ISO 8601 date-time that carries an offset (`Z` or `±hh:mm`), seconds optional. */
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a date that exists: Date.parse accepts 2024-02-30 and rolls it over to March. */
function isRealDate(date: string): boolean {
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date.slice(0, 10);
}

export const slug = lazy(() =>
  z.string().check(z.regex(SLUG_PATTERN, 'must be a lowercase slug: [a-z0-9][a-z0-9-]{0,63}'), z.meta({ example: 'aws-summit-seoul-2024' })),
);

/**
 * C0 control characters other than tab and newline (NUL, CR, ESC…), and
 * UTF-16 halves without their pair: neither is text a person writes, and
 * either breaks the exports (a CR or NUL ends an iCalendar line early).
 */
const NOT_TEXT = /[\u0000-\u0008\u000b-\u001f]|\p{Cs}/u;
const PLAIN_TEXT_MESSAGE = 'must be plain text: no control characters other than tab and newline, no unpaired surrogates';

/** Any text a client sends, in a body or a query: checked before trimming, so an end cannot hide a control character. */
const isPlainText = (value: string) => !NOT_TEXT.test(value);
const plainText = () => z.string().check(z.refine(isPlainText, PLAIN_TEXT_MESSAGE));

const text = (max: number) => plainText().check(z.trim(), z.maxLength(max, `must be at most ${max} characters`));
/** A text query parameter: not trimmed (it is matched as given), but plain text like every body field. */
const textParameter = (max: number) => plainText().check(z.maxLength(max, `must be at most ${max} characters`));
const label = (max: number) => text(max).check(z.minLength(1, 'must not be empty'));

export const offsetDateTime = lazy(() => z.string().check(
  z.regex(OFFSET_DATE_TIME, 'must be an ISO 8601 date-time with an offset, e.g. 2024-05-16T13:10:00+09:00'),
  z.refine((value) => !Number.isNaN(Date.parse(value)) && isRealDate(value), 'is not a real date-time'),
  z.meta({ format: 'date-time', example: '2024-05-16T13:10:00+09:00' }),
));

export const calendarDate = lazy(() =>
  z.string().check(z.regex(DATE, 'must be a date YYYY-MM-DD'), z.refine(isRealDate, 'is not a real date'), z.meta({ format: 'date', example: '2024-05-16' })),
);

export const languageTag = lazy(() =>
  z.string().check(z.maxLength(MAX_LANGUAGE_TAG_LENGTH), z.regex(LANGUAGE_TAG, 'must be a language tag such as ko or en-US'), z.meta({ example: 'ko' })),
);

/**
 * Text in one or more languages: a plain string (the event's default
 * language) or an object of texts by language tag (docs/data-model.md, "Languages").
 */
const localized = (one: () => z.ZodMiniType<string>, what: string) =>
  z.union([
    one(),
    z.record(languageTag(), one()).check(
      z.refine((texts: Record<string, string>) => Object.keys(texts).length >= 1 && Object.keys(texts).length <= MAX_TEXT_LANGUAGES, `gives 1 to ${MAX_TEXT_LANGUAGES} languages`),
    ),
  ]).check(z.meta({ description: `${what}: a string in the event's defaultLanguage, or texts by language tag, e.g. {"ko": "…", "en": "…"}` }));

/** A PATCH of localized text: a string (the event's default language), or texts by language tag merged in, `null` removing one. */
const localizedPatch = (one: () => z.ZodMiniType<string>, what: string) =>
  z.union([one(), z.record(languageTag(), z.nullable(one()))]).check(
    z.meta({ description: `${what}: a string sets the event's defaultLanguage; an object merges texts by language tag into the session's (null removes one)` }),
  );

/** An https URL as a person pastes it: stored and shown as sent. */
const httpsUrl = () =>
  z.url({ protocol: /^https$/, error: 'must be an https URL' }).check(z.maxLength(2000, 'must be at most 2000 characters'), z.refine(isPlainText, PLAIN_TEXT_MESSAGE));

/** A link to something about a session or a speaker: what it is, where, and optionally what to call it. */
const link = <K extends readonly [string, ...string[]]>(kinds: K) => z.strictObject({
  kind: z.enum(kinds),
  url: httpsUrl(),
  title: z.optional(label(200)),
});

export const sessionLink = lazy(() => link(linkKinds));
export const speakerLinkKinds = ['website', 'social', 'blog', 'video', 'other'] as const;
export const speakerLink = lazy(() => link(speakerLinkKinds));

export const timeZone = lazy(() => z.string().check(
  z.maxLength(64),
  z.refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone.includes('/') || zone === 'UTC';
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Seoul'),
  z.meta({ example: 'Asia/Seoul' }),
));

// ---- events ----

export const eventDay = lazy(() => z.strictObject({
  date: calendarDate(),
  theme: z.optional(text(200)),
}));

/** An organiser's Hangul spelling of a name in the event's sessions, and its Latin form (docs/search.md). */
export const searchSynonym = lazy(() => z.strictObject({
  ko: label(50).check(z.regex(/^[\uac00-\ud7a3]+$/, 'must be Hangul syllables only, no spaces'), z.meta({ example: '카르펜터' })),
  en: label(50).check(z.regex(/^[A-Za-z0-9]+$/, 'must be one word of Latin letters and digits'), z.meta({ example: 'Karpenter' })),
}));

/** A session format's name: a slug, as it appears in URLs and filters (`chalk-talk`). */
const typeName = lazy(() => z.string().check(z.regex(SLUG_PATTERN, 'must be a lowercase slug such as chalk-talk'), z.maxLength(40, 'must be at most 40 characters')));

/** A room of the event: its capacity is the seat capacity of a session placed in it that names none. */
export const room = lazy(() => z.strictObject({
  name: label(100),
  capacity: z.optional(z.int().check(z.gte(0), z.lte(100_000))),
  floor: z.optional(text(100)),
  note: z.optional(text(500)).check(z.meta({ description: 'how to find it: a map reference, a landmark' })),
}));

export const eventInput = lazy(() => z
  .strictObject({
    name: label(200),
    venue: z.optional(text(200)),
    timezone: timeZone(),
    days: z._default(z.array(eventDay()).check(z.maxLength(31, 'at most 31 days')), []),
    tracks: z._default(z.array(label(100)).check(z.maxLength(100, 'at most 100 tracks')), []),
    defaultLanguage: z.optional(languageTag()).check(z.meta({ description: "the language of a session's title or abstract written as a plain string, and what a reader gets when the session lacks theirs (ko when absent)" })),
    types: z.optional(z.array(typeName()).check(z.minLength(1, 'at least one type'), z.maxLength(50, 'at most 50 types'))).check(
      z.meta({ description: 'the session formats of this event; absent: keynote, breakout, workshop, expo, other' }),
    ),
    rooms: z.optional(z.array(room()).check(z.maxLength(200, 'at most 200 rooms'))),
    levels: z.optional(z.array(label(40)).check(z.maxLength(20, 'at most 20 levels'))),
    searchSynonyms: z.optional(
      z.array(searchSynonym()).check(
        z.maxLength(200, 'at most 200 entries'),
        z.meta({ description: "Hangul spellings of names in this event's sessions, searched as their Latin form and back, besides the built-in ones" }),
      ),
    ),
  })
  .check(
    z.superRefine((event, ctx) => {
      const dates = event.days.map((d) => d.date);
      dates.forEach((date, i) => {
        if (dates.indexOf(date) !== i) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: 'duplicate day' });
      });
      const noRepeats = (field: string, values: readonly string[] | undefined, what: string) =>
        values?.forEach((value, i) => {
          if (values.indexOf(value) !== i) ctx.addIssue({ code: 'custom', path: [field, i], message: `duplicate ${what}` });
        });
      noRepeats('tracks', event.tracks, 'track');
      noRepeats('types', event.types, 'type');
      noRepeats('levels', event.levels, 'level');
      event.rooms?.forEach((room, i) => {
        if (event.rooms!.findIndex((r) => r.name === room.name) !== i) ctx.addIssue({ code: 'custom', path: ['rooms', i, 'name'], message: 'duplicate room' });
      });
    }),
  ));
export type EventInput = Parsed<typeof eventInput>;

export const event = lazy(() => z.object({
  id: slug(),
  name: z.string(),
  venue: z.optional(z.string()),
  timezone: z.string(),
  days: z.array(z.object({ date: z.string(), theme: z.optional(z.string()) })),
  tracks: z.array(z.string()),
  searchSynonyms: z.optional(z.array(z.object({ ko: z.string(), en: z.string() }))),
  defaultLanguage: z.optional(z.string()),
  types: z.optional(z.array(z.string())),
  rooms: z.optional(z.array(z.object({ name: z.string(), capacity: z.optional(z.int()), floor: z.optional(z.string()), note: z.optional(z.string()) }))),
  levels: z.optional(z.array(z.string())),
  version: z.int(),
}));
export type CatalogueEvent = Parsed<typeof event>;

// ---- speakers ----

/** A speaker's bio is a paragraph for a session page, not a CV. */
const MAX_BIO = 2000;

export const speakerInput = lazy(() => z.strictObject({
  name: label(200),
  role: z.optional(text(200)),
  company: z.optional(text(200)),
  bio: z.optional(text(MAX_BIO).check(z.meta({ description: `a short biography, at most ${MAX_BIO} characters` }))),
  photoUrl: z.optional(httpsUrl()),
  links: z.optional(z.array(speakerLink()).check(z.maxLength(10, 'at most 10 links'))),
}));
export type SpeakerInput = Parsed<typeof speakerInput>;

export const speaker = lazy(() => z.extend(speakerInput(), { id: slug(), version: z.int() }));
export type Speaker = Parsed<typeof speaker>;

// ---- sessions ----

/** Session fields an admin may write; `version`, `seats` and `eventId` are the server's. */
const sessionFields = lazy(() => ({
  title: localized(() => label(200), 'the title'),
  abstract: localized(() => text(4000), 'the abstract'),
  type: typeName().check(z.meta({ description: "one of the event's types (the five defaults when it names none)" })),
  links: z.array(sessionLink()).check(z.maxLength(20, 'at most 20 links')),
  track: text(100),
  level: text(40),
  language: languageTag(),
  room: text(100),
  startsAt: offsetDateTime(),
  endsAt: offsetDateTime(),
  capacity: z.nullable(z.int().check(z.gte(0), z.lte(100_000))),
  seatShards: z.int().check(
    z.gte(1),
    z.lte(MAX_SEAT_SHARDS),
    z.meta({
      description: `how many partitions the session's seats are split over, from its expected peak: one per ${ATTEMPTS_PER_SHARD} reservation attempts a second (1 when absent); changes only before the first reservation (docs/reservations.md)`,
    }),
  ),
  speakerIds: z.array(slug()).check(z.maxLength(MAX_SPEAKERS_PER_SESSION, `at most ${MAX_SPEAKERS_PER_SESSION} speakers`)),
  tags: z.array(label(40)).check(z.maxLength(20, 'at most 20 tags')),
  reservationOpensAt: offsetDateTime(),
  reservationClosesAt: offsetDateTime(),
  releaseUncheckedAfterMinutes: z.int().check(
    z.gte(1),
    z.lte(240),
    z.meta({
      description: 'seats not checked in this many minutes after the start are released to the waitlist, in line order (docs/reservations.md, "No-shows"); absent: never',
    }),
  ),
  status: z.enum(sessionStatuses),
}));

/** Checks that span fields: a time slot is whole and ordered, ids are not repeated. */
/** The fields it reads, written out: the session's own type is made from the schema that uses this. */
interface TimesAndSpeakers {
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  reservationOpensAt?: string | undefined;
  reservationClosesAt?: string | undefined;
  speakerIds?: readonly string[] | undefined;
}

function checkSessionConsistency(session: TimesAndSpeakers, ctx: z.core.$RefinementCtx): void {
  const { startsAt, endsAt, reservationOpensAt, reservationClosesAt, speakerIds = [] } = session;
  if ((startsAt === undefined) !== (endsAt === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [startsAt === undefined ? 'startsAt' : 'endsAt'],
      message: 'startsAt and endsAt are given together (or both left out for an unscheduled session)',
    });
  } else if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  } else if (startsAt && endsAt && Date.parse(endsAt) - Date.parse(startsAt) > 24 * 3600_000) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'a session lasts at most 24 hours' });
  }
  if (reservationOpensAt && reservationClosesAt && Date.parse(reservationClosesAt) <= Date.parse(reservationOpensAt)) {
    ctx.addIssue({ code: 'custom', path: ['reservationClosesAt'], message: 'must be after reservationOpensAt' });
  }
  speakerIds.forEach((id, i) => {
    if (speakerIds.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['speakerIds', i], message: 'duplicate speaker' });
  });
}

/** A whole session as written by POST, import, or the result of a PATCH. */
const sessionInputShape = lazy(() => ({
  title: sessionFields().title,
  abstract: z._default(sessionFields().abstract, ''),
  type: z._default(sessionFields().type, 'breakout'),
  links: z.optional(sessionFields().links),
  track: z.optional(sessionFields().track),
  level: z.optional(sessionFields().level),
  language: z.optional(sessionFields().language),
  room: z.optional(sessionFields().room),
  startsAt: z.optional(sessionFields().startsAt),
  endsAt: z.optional(sessionFields().endsAt),
  capacity: z.optional(sessionFields().capacity).check(z.meta({ description: "seats; null: unlimited; absent: the room's capacity when the event gives one, else unlimited" })),
  seatShards: z.optional(sessionFields().seatShards),
  speakerIds: z._default(sessionFields().speakerIds, []),
  tags: z._default(sessionFields().tags, []),
  reservationOpensAt: z.optional(sessionFields().reservationOpensAt),
  reservationClosesAt: z.optional(sessionFields().reservationClosesAt),
  releaseUncheckedAfterMinutes: z.optional(sessionFields().releaseUncheckedAfterMinutes),
  status: z._default(sessionFields().status, 'scheduled'),
}));
const consistent = lazy(() => z.superRefine(checkSessionConsistency));
export const sessionInput = lazy(() => z.strictObject(sessionInputShape()).check(consistent()));
export type SessionInput = Parsed<typeof sessionInput>;

export const sessionCreate = lazy(() => z.strictObject({ id: z.optional(slug()), ...sessionInputShape() }).check(consistent()));

export const importedSession = lazy(() => z.strictObject({ id: slug(), ...sessionInputShape() }).check(consistent()));

/**
 * PATCH body: JSON Merge Patch (RFC 7396) of the writable fields. `null`
 * removes an optional field (and makes `capacity` unlimited); required
 * fields cannot be removed. The merged session is validated again as a whole.
 */
export const sessionPatch = lazy(() => z.strictObject({
  title: z.optional(localizedPatch(() => label(200), 'the title')),
  abstract: z.nullish(localizedPatch(() => text(4000), 'the abstract')),
  type: z.optional(sessionFields().type),
  links: z.nullish(sessionFields().links),
  track: z.nullish(sessionFields().track),
  level: z.nullish(sessionFields().level),
  language: z.nullish(sessionFields().language),
  room: z.nullish(sessionFields().room),
  startsAt: z.nullish(sessionFields().startsAt),
  endsAt: z.nullish(sessionFields().endsAt),
  capacity: z.optional(sessionFields().capacity),
  seatShards: z.nullish(sessionFields().seatShards),
  speakerIds: z.optional(sessionFields().speakerIds),
  tags: z.optional(sessionFields().tags),
  reservationOpensAt: z.nullish(sessionFields().reservationOpensAt),
  reservationClosesAt: z.nullish(sessionFields().reservationClosesAt),
  releaseUncheckedAfterMinutes: z.nullish(sessionFields().releaseUncheckedAfterMinutes),
  status: z.optional(sessionFields().status),
}));

/** A number of things in an answer: never negative. */
const count = () => z.int().check(z.gte(0));

export const seats = lazy(() => z.object({
  capacity: z.nullable(count()).check(z.meta({ description: 'null: unlimited' })),
  taken: count(),
  waitlisted: count(),
}));

export const session = lazy(() => z.object({
  id: slug(),
  eventId: slug(),
  title: z.string().check(z.meta({ description: 'in contentLanguage' })),
  abstract: z.string().check(z.meta({ description: 'in contentLanguage' })),
  contentLanguage: z.string().check(z.meta({ description: 'the language of title and abstract as given: the first asked for (lang, Accept-Language) the session has, else its own' })),
  translations: z.optional(z.record(z.string(), z.object({ title: z.optional(z.string()), abstract: z.optional(z.string()) }))).check(
    z.meta({ description: 'a session in more than one language: its title and abstract in each of them, by language tag' }),
  ),
  type: z.string(),
  links: z.optional(z.array(z.object({ kind: z.enum(linkKinds), url: z.string(), title: z.optional(z.string()) }))),
  track: z.optional(z.string()),
  level: z.optional(z.string()),
  language: z.optional(z.string()),
  room: z.optional(z.string()),
  startsAt: z.optional(z.string()),
  endsAt: z.optional(z.string()),
  capacity: z.nullable(count()),
  seatShards: z.optional(z.int().check(z.gte(1))),
  speakerIds: z.array(z.string()),
  tags: z.array(z.string()),
  reservationOpensAt: z.optional(z.string()),
  reservationClosesAt: z.optional(z.string()),
  releaseUncheckedAfterMinutes: z.optional(z.int()),
  status: z.enum(sessionStatuses),
  version: z.int(),
  seats: seats(),
}));
export type Session = Parsed<typeof session>;

export const sessionWithSpeakers = lazy(() => z.extend(session(), { speakers: z.array(speaker()) }));

export const speakerWithSessions = lazy(() => z.extend(speaker(), {
  sessions: z.array(session()).check(z.meta({ description: 'a page of the speaker’s sessions, by event then time' })),
  nextCursor: z.nullable(z.string()).check(z.meta({ description: 'ask again with cursor=this for the next sessions; null after the last' })),
}));

export const trackCount = lazy(() => z.object({ track: z.string(), sessions: count() }));
export const typeCount = lazy(() => z.object({ type: z.string(), sessions: count() }));
export const levelCount = lazy(() => z.object({ level: z.string(), sessions: count() }));
export const roomCount = lazy(() => z.object({
  room: z.string(),
  capacity: z.optional(z.int()),
  floor: z.optional(z.string()),
  note: z.optional(z.string()),
  sessions: count(),
}));

/** `lang`: the language to answer in (one tag); it wins over Accept-Language. */
export const langQuery = lazy(() => z.strictObject({ lang: z.optional(languageTag()) }));

// ---- import ----

/**
 * The import body is checked in two steps: its outline here (a bad outline
 * rejects the whole request), then each item on its own, so one bad session
 * is reported and the rest still go in.
 */
export const importRequest = lazy(() => z.strictObject({
  speakers: z._default(z.array(z.unknown()).check(z.maxLength(MAX_IMPORT_ITEMS, `at most ${MAX_IMPORT_ITEMS} speakers per request`)), []),
  sessions: z._default(z.array(z.unknown()).check(z.maxLength(MAX_IMPORT_ITEMS, `at most ${MAX_IMPORT_ITEMS} sessions per request`)), []),
}));

/** The query of an import: `dryRun=true` reports what it would do and writes nothing. */
export const importQuery = lazy(() => z.strictObject({
  dryRun: z._default(z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true')), false),
}));

/** The query of an import job: `chunk`, where its report's page starts (the job's `report.nextChunk`; 0 by default). */
export const importJobPageQuery = lazy(() => z.strictObject({
  chunk: z._default(z.pipe(z.string().check(z.regex(/^\d{1,5}$/, 'must be a whole number, as report.nextChunk gives')), z.transform(Number)), 0),
}));

export const importedSpeaker = lazy(() => z.extend(speakerInput(), { id: slug() }));

export const importReport = lazy(() => z.object({
  created: z.object({ speakers: z.array(z.string()), sessions: z.array(z.string()) }),
  updated: z.object({ speakers: z.array(z.string()), sessions: z.array(z.string()) }),
  unchanged: z.object({ speakers: z.array(z.string()), sessions: z.array(z.string()) }),
  rejected: z.array(
    z.object({
      kind: z.enum(['speaker', 'session']),
      index: count().check(z.meta({ description: 'the row’s place in its list, from 0' })),
      id: z.optional(z.string()),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
}));
export type ImportReport = Parsed<typeof importReport>;

const rowError = () => z.object({
  path: z.string(),
  column: z.optional(z.string().check(z.meta({ description: 'CSV: the column, as the header row names it' }))),
  message: z.string(),
});

/** An import job as GET /events/{e}/imports/{job} shows it (lambda/imports/import-job.ts). */
export const importJob = lazy(() => z.object({
  id: z.string(),
  eventId: z.string(),
  format: z.enum(['json', 'csv']),
  dryRun: z.boolean(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  rowsDone: count(),
  rowsTotal: z.nullable(count().check(z.meta({ description: 'known once the upload is read' }))),
  counts: z.object({ created: count(), updated: count(), unchanged: count(), rejected: count() }),
  errors: z.optional(z.array(rowError()).check(z.meta({ description: 'why a failed job could not read its upload' }))),
  createdAt: z.string(),
  updatedAt: z.string(),
  report: z.object({
    rows: z.array(z.object({
      kind: z.enum(['speaker', 'session']),
      index: count().check(z.meta({ description: 'the row’s place in its list, from 0' })),
      row: z.optional(count().check(z.meta({ description: 'CSV: the row number a spreadsheet shows (the header is row 1)' }))),
      id: z.optional(z.string()),
      outcome: z.enum(['created', 'updated', 'unchanged', 'rejected']),
      errors: z.optional(z.array(rowError())),
      values: z.optional(z.record(z.string(), z.unknown()).check(z.meta({ description: 'CSV, a rejected row: its fields as read (a cell that could not be read is left out), to fix the row from' }))),
    })),
    nextChunk: z.nullable(count().check(z.meta({ description: 'where the next page of the report starts (query chunk); null on the last' }))),
  }),
}));

// ---- lists ----

/** `limit` of a page: 1..100, however many a list gives by default. */
const pageLimit = lazy(() => z.coerce.number().check(z.int('must be a whole number'), z.gte(1, 'must be 1..100'), z.lte(100, 'must be 1..100')));

export const pageQuery = lazy(() => z.strictObject({
  limit: z._default(pageLimit(), 25),
  cursor: z.optional(z.string().check(z.minLength(1, 'must not be empty: leave it out to start at the beginning'), z.maxLength(2048))),
}));

/**
 * A multi-select filter: repeat the parameter (`track=A&track=B`) for any of
 * several values. Values are kept sorted and unique, so the same choice in
 * another order is the same query (and its cursors carry over).
 */
const anyOf = <T extends z.ZodMiniType<string>>(value: T, what: string) =>
  z
    .optional(
      z.pipe(
        z.array(value).check(z.minLength(1), z.maxLength(MAX_FILTER_VALUES, `at most ${MAX_FILTER_VALUES} values`)),
        z.transform((values: z.output<T>[]) => [...new Set(values)].sort()),
      ),
    )
    .check(z.meta({ description: `any of these ${what}: repeat the parameter for several (a comma is part of a value, never a separator)` }));

export const sessionListQuery = lazy(() => z.extend(pageQuery(), {
  day: z.optional(calendarDate()),
  track: anyOf(textParameter(100), 'tracks'),
  level: anyOf(textParameter(40), 'levels'),
  type: anyOf(typeName(), 'session types'),
  lang: z.optional(languageTag()).check(z.meta({ description: 'the language of titles and abstracts (wins over Accept-Language); a session without it answers in its own' })),
  room: anyOf(textParameter(100), 'rooms'),
  speaker: z.optional(slug()),
  at: z.optional(offsetDateTime()),
  q: z.optional(textParameter(200)),
  status: z.optional(z.enum(sessionStatuses)),
  scheduled: z
    .optional(z.pipe(z.enum(['true', 'false'], 'must be true or false'), z.transform((value: 'true' | 'false') => value === 'true')))
    .check(z.meta({ description: 'false: only sessions without a time slot yet; true: only scheduled ones' })),
}));
export type SessionListQuery = Parsed<typeof sessionListQuery>;

/** GET /speakers/{id}: the speaker with a page of their sessions (up to 100 at once, all 100 unless asked for fewer). */
export const speakerQuery = lazy(() => z.extend(pageQuery(), { limit: z._default(pageLimit(), 100), lang: z.optional(languageTag()) }));

export const page = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

// ---- search (docs/search.md) ----

/** GET /search: words searched in every event. */
export const searchQuery = lazy(() => z.extend(pageQuery(), {
  q: textParameter(200).check(z.minLength(1, 'must not be empty'), z.meta({ description: 'the words to search for, in Korean or English' })),
  lang: z.optional(languageTag()).check(z.meta({ description: 'the language of titles, abstracts and snippets (wins over Accept-Language); a session without it answers in its own' })),
}));

export const snippet = lazy(() => z.object({
  field: z.enum(['title', 'speakers', 'abstract']),
  text: z.string().check(z.meta({ description: 'the field (an abstract: about 160 characters around its first match, … where cut), HTML-escaped: show it as text' })),
  matches: z
    .array(z.object({ start: z.int(), end: z.int() }))
    .check(z.meta({ description: 'where the query matched: [start, end) offsets into text (UTF-16 code units), in order, apart' })),
}));

const facetCount = () => z.array(z.object({ value: z.string(), count: count() }));

export const facetCounts = lazy(() => z.object({
  track: facetCount(),
  level: facetCount(),
  type: facetCount(),
  day: facetCount().check(z.meta({ description: 'the day in the event’s zone, in date order' })),
}).check(z.meta({ description: 'how many of all the matching sessions have each value (the others most first); a facet whose filter is in use counts the matches of the other filters, so every choice shows its number' })));

const searchFields = () => ({
  total: z.int().check(z.meta({ description: 'matching sessions in all' })),
  facets: facetCounts(),
  didYouMean: z
    .optional(z.string())
    .check(z.meta({ description: 'first page only: the query as the best hit spells it, when some word of it matched only one letter off' })),
});

const hitSnippet = () => z.nullable(snippet()).check(z.meta({ description: 'where the hit matched; null when only its tags did' }));

/** GET /events/{id}/sessions: with q, each session has its snippet and the page its facets. */
export const sessionPage = lazy(() => z.object({
  items: z.array(z.extend(session(), { snippet: z.optional(hitSnippet()) })),
  nextCursor: z.nullable(z.string()),
  total: z.optional(searchFields().total),
  facets: z.optional(facetCounts()),
  didYouMean: searchFields().didYouMean,
}));

export const everywhereHit = lazy(() => z.extend(session(), { event: z.object({ id: slug(), name: z.string() }), snippet: hitSnippet() }));

export const everywherePage = lazy(() => z.object({ items: z.array(everywhereHit()), nextCursor: z.nullable(z.string()), ...searchFields() }));

// ---- attendance ----

export const reservation = lazy(() => z.object({
  eventId: slug(),
  sessionId: slug(),
  status: z.enum(['confirmed', 'waitlisted', 'released']).check(z.meta({ description: 'released: the session was cancelled' })),
  position: z.optional(z.int().check(z.gte(1))).check(z.meta({ description: 'waitlisted only: 1 is next in line' })),
  createdAt: z.string(),
  checkInCode: z
    .optional(z.string())
    .check(z.meta({ description: 'confirmed only: the code to show at the door, as a QR code or typed (XXXX-XXXX-XXXX); it changes when the reservation is made anew' })),
  checkedInAt: z.optional(z.string()).check(z.meta({ description: 'when the door checked this reservation in' })),
}));

export const myReservationsQuery = lazy(() => z.extend(pageQuery(), { eventId: z.optional(slug()) }));

// ---- the door: rosters and check-ins (docs/reservations.md, "Check-in") ----

export const rosterQuery = lazy(() => z.extend(pageQuery(), {
  format: z
    .optional(z.enum(['json', 'csv'], 'must be json or csv'))
    .check(z.meta({ description: 'csv: the whole roster as one CSV (UTF-8 with BOM), as Accept: text/csv does' })),
}));

export const attendanceCounts = lazy(() => z.object({
  capacity: z.nullable(z.int()),
  confirmed: z.int(),
  checkedIn: z.int(),
  waitlisted: z.int(),
}));

export const rosterRow = lazy(() => z.object({
  status: z.enum(['confirmed', 'waitlisted']),
  attendeeId: z.string(),
  place: z.optional(z.int()).check(z.meta({ description: 'waitlisted only: the place in line (rows come in line order)' })),
  checkedInAt: z.optional(z.string()),
  scannedAt: z.optional(z.string()),
  shard: z.optional(z.int()),
}));

export const roster = lazy(() => z.extend(page(rosterRow()), { eventId: slug(), sessionId: slug(), counts: attendanceCounts() }));

export const checkInCountsRow = lazy(() => z.extend(attendanceCounts(), {
  sessionId: slug(),
  title: z.string(),
  startsAt: z.optional(z.string()),
  status: z.enum(sessionStatuses),
}));

/** One scan at the door: its code, and when it happened if it was queued (offline) and sent later. */
export const checkInScan = lazy(() => z.strictObject({
  code: z.string().check(z.minLength(1, 'is required'), z.maxLength(64)),
  scannedAt: z.optional(offsetDateTime()).check(z.meta({ description: 'when the phone scanned it (default: now); not in the future, not before the session’s day' })),
  scanId: z
    .optional(z.string().check(z.regex(/^[\x21-\x7e]{1,100}$/, 'must be 1..100 printable ASCII characters')))
    .check(z.meta({ description: 'the phone’s own id of this scan: sent again, it is answered as the first time (200)' })),
}));

export const checkInBatch = lazy(() => z.strictObject({
  scans: z.array(checkInScan()).check(z.minLength(1, 'at least one scan'), z.maxLength(100, 'at most 100 scans')),
}));

export const checkIn = lazy(() => z.object({
  eventId: slug(),
  sessionId: slug(),
  attendeeId: z.string(),
  checkedInAt: z.string(),
  scannedAt: z.string(),
  scanId: z.optional(z.string()),
}));

export const checkInBatchResult = lazy(() => z.object({
  results: z.array(z.object({
    status: z.int().check(z.meta({ description: '201 checked in, 200 the same scan again, else the status a single scan would have answered' })),
    checkIn: z.optional(checkIn()),
    problem: z.optional(z.looseObject({ type: z.string(), detail: z.string() })),
  })),
}));

export const agendaQuery = lazy(() => z.strictObject({ eventId: slug() }));

export const agendaItem = lazy(() => z.extend(session(), {
  bookmarked: z.boolean(),
  reservation: z.optional(z.pick(reservation(), { status: true, position: true, createdAt: true, checkInCode: true, checkedInAt: true })),
  conflictsWith: z.array(z.string()).check(z.meta({ description: 'ids of agenda sessions whose time slots overlap this one' })),
}));

// ---- engagement ----

export const pollCreate = lazy(() => z
  .strictObject({
    question: label(300),
    options: z.array(label(100)).check(z.minLength(2, 'a poll has 2 to 10 options'), z.maxLength(10, 'a poll has 2 to 10 options')),
    closesAt: z.optional(offsetDateTime()),
  })
  .check(
    z.superRefine((poll, ctx) => {
      poll.options.forEach((option, i) => {
        if (poll.options.indexOf(option) !== i) ctx.addIssue({ code: 'custom', path: ['options', i], message: 'duplicate option' });
      });
    }),
  ));

export const pollUpdate = lazy(() => z.strictObject({ closed: z.literal(true, 'only closing a poll (closed: true) is possible') }));

export const vote = lazy(() => z.strictObject({ option: z.int().check(z.gte(0, 'must be an option index'), z.lte(9, 'must be an option index')) }));

export const poll = lazy(() => z.object({
  id: z.string(),
  eventId: slug(),
  sessionId: slug(),
  question: z.string(),
  options: z.array(z.object({ index: count(), text: z.string(), votes: count() })),
  total: count(),
  closesAt: z.optional(z.string()),
  closed: z.boolean(),
  createdAt: z.string(),
}));

export const reviewInput = lazy(() => z.strictObject({
  rating: z.int('must be a whole number of stars').check(z.gte(1, 'must be 1..5'), z.lte(5, 'must be 1..5')),
  text: z._default(text(2000), ''),
}));

export const review = lazy(() => z.object({
  id: z.string().check(z.meta({ description: 'the review’s own id (moderation addresses it); nothing here identifies its author' })),
  rating: z.int(),
  text: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
}));

export const reviewSummary = lazy(() => z.object({
  count: count(),
  average: z.nullable(z.number().check(z.gte(1), z.lte(5))),
  histogram: z.object({ 1: count(), 2: count(), 3: count(), 4: count(), 5: count() }).check(z.meta({ description: 'how many reviews gave each number of stars' })),
}));

export const reviewPage = lazy(() => z.extend(page(review()), { summary: reviewSummary() }));

/** A review in the event's moderation list: with the session it is about. */
export const eventReview = lazy(() => z.extend(review(), {
  sessionId: z.string(),
  sessionTitle: z.string().check(z.meta({ description: 'the session’s title in its own language' })),
}));

export const eventReviewPage = lazy(() => page(eventReview()));

// ---- change feed ----

export const changesQuery = lazy(() => z.strictObject({
  since: z._default(z.string().check(z.regex(/^\d{1,12}$/, 'must be a cursor from an earlier answer (or 0 for the beginning)')), '0'),
  limit: z._default(pageLimit().check(z.lte(100)), 100),
}));

export const change = lazy(() => z.object({
  seq: count(),
  type: z.enum(['event', 'session', 'speaker']),
  id: z.string(),
  action: z.enum(['created', 'updated', 'cancelled', 'deleted']),
  version: z.nullable(z.int()),
  at: z.string(),
  data: z.nullable(z.record(z.string(), z.unknown())).check(z.meta({ description: 'the object after the change, as GET shows it; null when deleted' })),
}));

export const changePage = lazy(() => z.object({
  items: z.array(change()),
  nextCursor: z.string().check(
    z.meta({
      description: 'ask again with since=this; the same value when nothing new has happened, and never past the newest change (a since beyond it answers the newest)',
    }),
  ),
}));

// ---- webhooks ----

export const webhookInput = lazy(() => z.strictObject({
  // Which hosts and addresses are taken is checked when subscribing and at every delivery (lambda/webhooks/receiver-guard.ts).
  url: z.url({ protocol: /^https?$/, error: 'must be an https URL' }).check(
    z.maxLength(2000),
    // A URL parser percent-encodes control characters, but the URL is stored and shown as sent.
    z.refine(isPlainText, PLAIN_TEXT_MESSAGE),
    z.meta({ description: 'https, on a host that resolves to public addresses only; no user name or password' }),
  ),
}));

export const webhookSecretRotation = lazy(() => z.strictObject({
  keepPreviousSeconds: z
    ._default(z.int().check(z.gte(0), z.lte(86_400)), 86_400)
    .check(z.meta({ description: 'how long the replaced secret keeps signing beside the new one (0: it stops at once)' })),
}));

const webhookFields = lazy(() => ({
  id: z.string(),
  eventId: z.string(),
  url: z.string(),
  createdAt: z.string(),
  secretRotatedAt: z.optional(z.string()),
  previousSecretExpiresAt: z.optional(z.string()).check(z.meta({ description: 'until then deliveries carry a second signature, under the replaced secret' })),
}));

const webhookSecret = lazy(() => z.string().check(z.meta({ description: 'the Standard Webhooks signing secret (whsec_…), shown only in this answer' })));

const delivery = lazy(() => z.object({ seq: count(), status: z.enum(['delivered', 'failed']), attempts: count(), at: z.string(), lastError: z.optional(z.string()) }));

export const webhook = lazy(() => z.object({
  ...webhookFields(),
  secret: z.optional(webhookSecret()).check(z.meta({ description: 'only in the answer to the PUT that creates the webhook' })),
  deliveries: z.optional(z.array(delivery())),
}));

export const webhookList = lazy(() => z.object({
  items: z.array(z.object({ ...webhookFields(), lastDelivery: z.optional(delivery().check(z.meta({ description: 'the latest delivery, delivered or failed' }))) })),
}));

export const rotatedWebhookSecret = lazy(() => z.object({ ...webhookFields(), secret: webhookSecret() }));

/** An attendee's notice preferences (PUT /me/preferences replaces them). */
export const preferencesInput = lazy(() => z.strictObject({
  emailNotices: z.boolean().check(z.meta({ description: 'false: no email when a waitlisted place becomes a seat (the open page is still told)' })),
  email: z.optional(
    z.string().check(z.maxLength(254, 'at most 254 characters'), z.regex(/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/, 'must be an email address'),
      z.meta({ description: 'where notices are emailed; left out: none are' })),
  ),
}));

export const preferences = lazy(() => z.object({ emailNotices: z.boolean(), email: z.optional(z.string()) }));
