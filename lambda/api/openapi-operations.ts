/**
 * What the OpenAPI document says of each operation beyond the route table:
 * its tag, words, parameters, body, and every status it answers with. The
 * statuses are the handlers' (lambda/api/operations/*, handler.ts):
 * test/http/openapi-statuses.test.ts calls each route of a local server and
 * fails when it answers a status its operation does not list here.
 * Build time only, like ./openapi.ts.
 */
import * as z from 'zod/mini';
import * as s from '../domain/schemas';
import { MAX_IMPORT_ITEMS } from '../domain/vocabulary';
import { JOB_THRESHOLD } from '../imports/import-job';
import type { OperationName } from './routes';

/** Tags group the operations in viewers; each is described in ./openapi.ts. */
export type Tag = 'Events' | 'Sessions' | 'Speakers' | 'Exports' | 'Changes' | 'Webhooks' | 'Reservations' | 'Agenda' | 'Door' | 'Polls' | 'Reviews' | 'Meta';

/** A success answer: its body (a named schema, a bare text type, or none) and the headers it carries. */
export interface Success {
  description: string;
  body?: z.ZodMiniType | 'text';
  /** Of components.headers. */
  headers?: readonly ('ETag' | 'Location' | 'Retry-After' | 'Content-Language' | 'Vary')[];
}

/** Failures beyond the ones every operation of its kind may answer (./openapi.ts adds 400, 401, 403, 404, 413, 415, 500, 503 as they apply). */
export type ExtraFailure = 409 | 412 | 422 | 428;

export interface OperationDoc {
  tag: Tag;
  /** A few words, for menus. */
  summary: string;
  description: string;
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** The body may be left out (its fields all have defaults). */
  bodyOptional?: boolean;
  /** Request headers the operation reads. */
  headers?: ('If-Match' | 'Idempotency-Key' | 'Accept-Language')[];
  success: Partial<Record<200 | 201 | 202 | 204, Success>>;
  failures?: ExtraFailure[];
  /** The body's media type when it is not JSON, e.g. text/calendar. */
  mediaType?: string;
  /** Whether a missing resource named in the path is a 404 (default: when the path names one). */
  notFound?: boolean;
}

const page = s.page;

/** The import's body as its documented shape, with the row cap the server enforces (importRequest checks it first). */
const importBody = () =>
  z.object({
    speakers: z.optional(z.array(s.importedSpeaker()).check(z.maxLength(MAX_IMPORT_ITEMS))),
    sessions: z.optional(z.array(s.importedSession()).check(z.maxLength(MAX_IMPORT_ITEMS))),
  });

const agendaItemPage = () => page(s.agendaItem());
const eventPage = () => page(s.event());
const pollPage = () => page(s.poll());
const reservationPage = () => page(s.reservation());
const speakerPage = () => page(s.speaker());
const trackCountPage = () => page(s.trackCount());
const roomCountPage = () => page(s.roomCount());
const levelCountPage = () => page(s.levelCount());
const typeCountPage = () => page(s.typeCount());
const myVote = () => z.extend(s.vote(), { pollId: z.string() });
const calendarFeed = () => z.object({ url: z.string().check(z.meta({ description: 'the secret feed URL; GET it to read the feed' })), createdAt: z.string() });
const frabSchedule = () =>
  z.looseObject({ schedule: z.looseObject({ version: z.string(), conference: z.looseObject({ title: z.string() }) }) });
const openApiObject = () => z.looseObject({ openapi: z.string() });
const checkInCountsPage = () => page(s.checkInCountsRow());

/**
 * The schemas the document names (components.schemas), each made once:
 * where one is used inside another, the document refers to it by $ref.
 */
export const namedSchemas = (): { input: Record<string, z.ZodMiniType>; output: Record<string, z.ZodMiniType> } => ({
  input: {
    EventInput: s.eventInput(),
    SessionCreate: s.sessionCreate(),
    SessionPatch: s.sessionPatch(),
    SpeakerInput: s.speakerInput(),
    ImportRequest: memo(importBody),
    WebhookInput: s.webhookInput(),
    WebhookSecretRotation: s.webhookSecretRotation(),
    PollCreate: s.pollCreate(),
    PollUpdate: s.pollUpdate(),
    Vote: s.vote(),
    ReviewInput: s.reviewInput(),
    CheckInScan: s.checkInScan(),
    CheckInBatch: s.checkInBatch(),
    PreferencesInput: s.preferencesInput(),
  },
  output: {
    Event: s.event(),
    EventPage: memo(eventPage),
    Seats: s.seats(),
    Session: s.session(),
    SessionPage: s.sessionPage(),
    Snippet: s.snippet(),
    FacetCounts: s.facetCounts(),
    SearchHit: s.everywhereHit(),
    SearchPage: s.everywherePage(),
    SessionWithSpeakers: s.sessionWithSpeakers(),
    Speaker: s.speaker(),
    SpeakerPage: memo(speakerPage),
    SpeakerWithSessions: s.speakerWithSessions(),
    TrackCount: s.trackCount(),
    TrackPage: memo(trackCountPage),
    RoomCount: s.roomCount(),
    RoomPage: memo(roomCountPage),
    LevelCount: s.levelCount(),
    LevelPage: memo(levelCountPage),
    TypeCount: s.typeCount(),
    TypePage: memo(typeCountPage),
    ImportReport: s.importReport(),
    ImportJob: s.importJob(),
    FrabSchedule: memo(frabSchedule),
    Change: s.change(),
    ChangePage: s.changePage(),
    Webhook: s.webhook(),
    WebhookList: s.webhookList(),
    RotatedWebhookSecret: s.rotatedWebhookSecret(),
    Reservation: s.reservation(),
    ReservationPage: memo(reservationPage),
    AgendaItem: s.agendaItem(),
    AgendaPage: memo(agendaItemPage),
    CalendarFeed: memo(calendarFeed),
    Preferences: s.preferences(),
    Poll: s.poll(),
    PollPage: memo(pollPage),
    MyVote: memo(myVote),
    Review: s.review(),
    ReviewSummary: s.reviewSummary(),
    ReviewPage: s.reviewPage(),
    EventReview: s.eventReview(),
    EventReviewPage: s.eventReviewPage(),
    OpenApiDocument: memo(openApiObject),
    Roster: s.roster(),
    CheckIn: s.checkIn(),
    CheckInBatchResult: s.checkInBatchResult(),
    CheckInCountsPage: memo(checkInCountsPage),
  },
});

/** The same instance on every call, so the operations below and namedSchemas name one schema. */
const made = new Map<() => z.ZodMiniType, z.ZodMiniType>();
function memo<T extends z.ZodMiniType>(make: () => T): T {
  if (!made.has(make)) made.set(make, make());
  return made.get(make) as T;
}

const etag = { headers: ['ETag'] } as const;
const ok = (description: string, body: Success['body']) => ({ 200: { description, body, ...etag } });
/** An answer whose titles and abstracts are in the asked language (lang, Accept-Language). */
const inLanguage = (description: string, body: Success['body']) => ({ 200: { description, body, headers: ['ETag', 'Content-Language', 'Vary'] as Success['headers'] } });
const noContent = (description: string) => ({ 204: { description } });
const created = (description: string, body: z.ZodMiniType) => ({ description, body, headers: ['ETag', 'Location'] as Success['headers'] });

export const operationDocs = (): Record<OperationName, OperationDoc> => ({
  listEvents: { tag: 'Events', summary: 'List events', description: 'Events, newest first by their first day; an event without days comes last.', query: s.pageQuery(), success: ok('A page of events', memo(eventPage)), notFound: false },
  getEvent: { tag: 'Events', summary: 'Get an event', description: 'One event.', success: ok('The event', s.event()) },
  putEvent: {
    tag: 'Events',
    summary: 'Create or replace an event',
    description: 'Creates the event (admins only) or, with If-Match, replaces it; an identical PUT changes nothing. Dropping a track that sessions still use is a 409 naming them.',
    body: s.eventInput(),
    headers: ['If-Match'],
    success: { 200: { description: 'Replaced (or unchanged)', body: s.event(), ...etag }, 201: created('Created', s.event()) },
    failures: [409, 412, 428],
    notFound: false,
  },
  searchEverywhere: {
    tag: 'Sessions',
    summary: 'Search every event',
    description:
      'Sessions of every event matching the words q (Korean particles, one-letter typos, words inside words, Hangul spellings of names: docs/search.md), best first, the newer event first among equal ranks; each hit names its event and has a snippet; the answer counts all matches per track, level, type and day. Paged with cursors bound to q.',
    query: s.searchQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('A page of hits', s.everywherePage()),
    notFound: false,
  },
  listSessions: {
    tag: 'Sessions',
    summary: 'List sessions',
    description: 'Sessions in time order (unscheduled last), filtered by day, track, level, type, room, speaker, the instant they run at, words (q), status and scheduled.',
    query: s.sessionListQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('A page of sessions; with q, best first, with facets and snippets', s.sessionPage()),
  },
  createSession: {
    tag: 'Sessions',
    summary: 'Create a session',
    description: 'Creates a session; 201 with Location. Retry safely with the same id or Idempotency-Key. An id whose deleted session is still being cleaned up is a 409 with Retry-After.',
    body: s.sessionCreate(),
    headers: ['Idempotency-Key'],
    success: { 201: created('Created (or the session the first attempt made)', s.session()) },
    failures: [409, 422],
  },
  getSession: {
    tag: 'Sessions',
    summary: 'Get a session',
    description: 'One session with its speakers and seats; title and abstract in the asked language (lang, else Accept-Language) when it has it, else its own.',
    query: s.langQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('The session', s.sessionWithSpeakers()),
  },
  updateSession: {
    tag: 'Sessions',
    summary: 'Update a session',
    description: 'Partial update (JSON Merge Patch; null removes a field); requires If-Match. {"status":"cancelled"} releases the seats. A capacity below the confirmed seats, or new seat shards after the first reservation, is a 409.',
    body: s.sessionPatch(),
    headers: ['If-Match'],
    success: ok('Updated', s.session()),
    failures: [409, 412, 422, 428],
  },
  deleteSession: {
    tag: 'Sessions',
    summary: 'Delete a session',
    description: 'Deletes a session (If-Match optional). It goes at once; its reservations, bookmarks, polls and reviews follow within seconds. Repeated meanwhile: 204 again.',
    headers: ['If-Match'],
    success: noContent('Deleted'),
    failures: [412],
  },
  listEventSpeakers: { tag: 'Speakers', summary: 'List an event’s speakers', description: 'The speakers of an event.', query: s.pageQuery(), success: ok('A page of speakers', memo(speakerPage)) },
  listTracks: { tag: 'Events', summary: 'List tracks', description: 'The event’s tracks in its order, then any other in use, each with its number of sessions.', success: ok('The tracks', memo(trackCountPage)) },
  listRooms: { tag: 'Events', summary: 'List rooms', description: 'The event’s rooms in its order (with capacity, floor and note), then any other in use, each with its number of sessions.', success: ok('The rooms', memo(roomCountPage)) },
  listLevels: { tag: 'Events', summary: 'List levels', description: 'The event’s levels in its order, then any other in use, each with its number of sessions.', success: ok('The levels', memo(levelCountPage)) },
  listTypes: { tag: 'Events', summary: 'List session types', description: 'The event’s session types (the five defaults when it names none), then any other in use, each with its number of sessions.', success: ok('The types', memo(typeCountPage)) },
  importCatalogue: {
    tag: 'Sessions',
    summary: 'Import speakers and sessions (JSON or CSV)',
    description: `Bulk upsert; idempotent; one bad row does not stop the rest. JSON of up to ${JOB_THRESHOLD} rows answers 200 with the report; a larger JSON import (up to ${MAX_IMPORT_ITEMS} speakers and ${MAX_IMPORT_ITEMS} sessions) and every CSV import (text/csv, UTF-8, a header row; docs/api.md lists the columns) run as a job: 202 with its URL in Location. dryRun=true reports without writing.`,
    query: s.importQuery(),
    body: memo(importBody),
    success: {
      200: { description: 'What the import did with each row', body: s.importReport() },
      202: { description: 'The import runs as a job; read its progress at Location', body: s.importJob(), headers: ['Location', 'Retry-After'] },
    },
  },
  getImportJob: {
    tag: 'Sessions',
    summary: 'Get an import job',
    description: `An import job: status, rows done of the total, counts, and a page of its per-row report (a few hundred rows; then report.nextChunk as chunk for the next page).`,
    query: s.importJobPageQuery(),
    success: { 200: { description: 'The job', body: s.importJob() } },
  },
  getSpeaker: {
    tag: 'Speakers',
    summary: 'Get a speaker',
    description: 'A speaker and a page of their sessions across events (by event, then time): up to limit (default 100), then nextCursor.',
    query: s.speakerQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('The speaker', s.speakerWithSessions()),
  },
  putSpeaker: {
    tag: 'Speakers',
    summary: 'Create or replace a speaker',
    description: 'Creates a speaker or, with If-Match, replaces it. A speaker who also speaks at an event the organiser does not organise is an admin’s to change.',
    body: s.speakerInput(),
    headers: ['If-Match'],
    success: { 200: { description: 'Replaced (or unchanged)', body: s.speaker(), ...etag }, 201: created('Created', s.speaker()) },
    failures: [412, 428],
    notFound: false,
  },
  getScheduleJson: {
    tag: 'Exports',
    summary: 'Schedule as frab JSON',
    description: 'The whole schedule as frab-compatible schedule JSON (c3voc schema), for conference apps, in the asked language (lang, Accept-Language) where sessions have it; each talk says its `language` and `links`.',
    query: s.langQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('The schedule', memo(frabSchedule)),
  },
  getScheduleXml: {
    tag: 'Exports',
    summary: 'Schedule as frab XML',
    description: 'The whole schedule as frab/pentabarf schedule XML (c3voc schema.xsd), which most conference apps read, in the asked language (lang, Accept-Language) where sessions have it.',
    query: s.langQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('The schedule', 'text'),
    mediaType: 'application/xml',
  },
  getScheduleIcs: {
    tag: 'Exports',
    summary: 'Schedule as iCalendar',
    description: 'The whole schedule as iCalendar (RFC 5545), one VEVENT per scheduled session, in the asked language (lang, Accept-Language) where sessions have it; links as ATTACH.',
    query: s.langQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('The calendar', 'text'),
    mediaType: 'text/calendar',
  },
  listChanges: {
    tag: 'Changes',
    summary: 'List changes',
    description: 'What changed since a cursor (sessions, speakers, the event), oldest first; follow nextCursor.',
    query: s.changesQuery(),
    success: ok('A page of changes', s.changePage()),
  },
  putWebhook: {
    tag: 'Webhooks',
    summary: 'Subscribe a webhook',
    description:
      'Subscribes an https URL to the event’s changes (its host must resolve to public addresses only), or points an existing webhook elsewhere. Each change after the subscription is POSTed signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature), retried, in order per object. The signing secret is in the answer that creates the webhook, and never again.',
    body: s.webhookInput(),
    success: {
      200: { description: 'Pointed elsewhere (no secret)', body: s.webhook() },
      201: { description: 'Subscribed, with its signing secret', body: s.webhook() },
    },
    failures: [409],
  },
  rotateWebhookSecret: {
    tag: 'Webhooks',
    summary: 'Rotate a webhook’s secret',
    description: 'A new signing secret, shown in this answer only; the replaced one keeps signing beside it for keepPreviousSeconds (default a day).',
    body: s.webhookSecretRotation(),
    bodyOptional: true,
    success: { 200: { description: 'The new secret', body: s.rotatedWebhookSecret() } },
    failures: [409],
  },
  listWebhooks: {
    tag: 'Webhooks',
    summary: 'List an event’s webhooks',
    description: 'Every webhook of the event by id, each with its latest delivery (delivered, or failed with its lastError); never a secret.',
    success: ok('The webhooks', s.webhookList()),
  },
  getWebhook: {
    tag: 'Webhooks',
    summary: 'Get a webhook',
    description: 'A webhook and its latest deliveries (delivered, or failed with lastError "delivery failed (status N)" or "unreachable"); never the secret.',
    success: ok('The webhook', s.webhook()),
  },
  deleteWebhook: { tag: 'Webhooks', summary: 'Delete a webhook', description: 'Unsubscribes.', success: noContent('Unsubscribed') },
  getOpenApi: { tag: 'Meta', summary: 'This document', description: 'The OpenAPI 3.1 document of this API.', success: ok('The document', memo(openApiObject)), notFound: false },
  reserveSeat: {
    tag: 'Reservations',
    summary: 'Reserve a seat',
    description: 'Confirmed while seats are free, else waitlisted with a position. Repeating it answers the same. 409 when the session is cancelled, has ended, or is outside its reservation window.',
    success: { 201: { description: 'The reservation', body: s.reservation() } },
    failures: [409],
  },
  cancelReservation: {
    tag: 'Reservations',
    summary: 'Cancel a reservation',
    description: 'Cancels the caller’s reservation; the first waitlisted attendee gets the seat in the same transaction.',
    success: noContent('Cancelled'),
  },
  listMyReservations: { tag: 'Reservations', summary: 'List my reservations', description: 'The caller’s reservations, narrowed to one event with eventId.', query: s.myReservationsQuery(), success: ok('A page of reservations', memo(reservationPage)), notFound: false },
  addBookmark: { tag: 'Agenda', summary: 'Bookmark a session', description: 'Bookmarks a session (idempotent).', success: noContent('Bookmarked') },
  removeBookmark: { tag: 'Agenda', summary: 'Remove a bookmark', description: 'Removes a bookmark (idempotent).', success: noContent('Removed'), notFound: false },
  getMyAgenda: {
    tag: 'Agenda',
    summary: 'Get my agenda',
    description: 'Bookmarked and reserved (confirmed or waitlisted) sessions of one event in time order, with overlapping sessions; a released reservation is not listed.',
    query: s.agendaQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('The agenda (one page)', memo(agendaItemPage)),
    notFound: true,
  },
  getMyAgendaCalendar: {
    tag: 'Agenda',
    summary: 'Get my agenda as iCalendar',
    description: 'The agenda as iCalendar (RFC 5545): a waitlisted session is STATUS:TENTATIVE, a cancelled one CANCELLED, others CONFIRMED.',
    query: s.agendaQuery(),
    headers: ['Accept-Language'],
    success: inLanguage('The calendar', 'text'),
    mediaType: 'text/calendar',
    notFound: true,
  },
  rotateCalendarFeed: {
    tag: 'Agenda',
    summary: 'Create or rotate my calendar feed',
    description: 'Creates or rotates the caller’s secret calendar URL; the previous URL stops working at once.',
    success: { 201: { description: 'The new feed URL (shown once)', body: memo(calendarFeed) } },
    notFound: false,
  },
  getMyPreferences: {
    tag: 'Agenda',
    summary: 'Get my notice preferences',
    description: 'Whether the caller is emailed when a waitlisted place becomes a seat, and where. Until set: email on, no address (so none is sent).',
    success: ok('The preferences', s.preferences()),
    notFound: false,
  },
  putMyPreferences: {
    tag: 'Agenda',
    summary: 'Set my notice preferences',
    description: 'Replaces the caller’s notice preferences: emailNotices false turns email off (an open page is told all the same, over the live channel); email is the address notices go to.',
    body: s.preferencesInput(),
    success: { 200: { description: 'The preferences as stored', body: s.preferences() } },
    notFound: false,
  },
  getCalendarFeed: {
    tag: 'Agenda',
    summary: 'Read a calendar feed',
    description: 'The attendee’s agenda across events as a subscribable iCalendar feed (statuses as in agenda.ics), for the holder of its secret token (404 for any other).',
    query: z.object({ token: z.string().check(z.meta({ description: 'the secret from POST /me/calendar-feed; kept out of the path, which access logs record' })) }),
    success: ok('The calendar', 'text'),
    mediaType: 'text/calendar',
    notFound: true,
  },
  getRoster: {
    tag: 'Door',
    summary: 'Get a session’s roster',
    description:
      'Organisers: the session’s confirmed attendees (by attendee id, over every seat shard, with when each was checked in and scanned), then its waitlist in line order, paged, with the counts. Accept: text/csv or format=csv: the whole roster as one CSV (UTF-8 with a BOM, RFC 4180 quoting; docs/api.md).',
    query: s.rosterQuery(),
    success: { 200: { description: 'A page of the roster with the counts', body: s.roster() } },
  },
  listCheckInCounts: {
    tag: 'Door',
    summary: 'List check-in counts',
    description: 'Organisers: per session of the event, in time order, paged: confirmed, checked-in and waitlisted counts.',
    query: s.pageQuery(),
    success: { 200: { description: 'A page of counts', body: memo(checkInCountsPage) } },
  },
  checkIn: {
    tag: 'Door',
    summary: 'Check in by code',
    description:
      'Organisers: checks a confirmed reservation in by its code (typed or from the QR code). 201 checked in; 200 the same scanId again; 409 checked in before (the problem carries checkedInAt), released, or the session cancelled; 422 a code of no confirmed reservation of this session (naming code); 400 a malformed code, or a scannedAt in the future or before the session’s day.',
    body: s.checkInScan(),
    success: { 201: { description: 'Checked in', body: s.checkIn() }, 200: { description: 'The same scan (scanId) again: the first answer', body: s.checkIn() } },
    failures: [409, 422],
  },
  checkInBatch: {
    tag: 'Door',
    summary: 'Check in a queue of scans',
    description:
      'Organisers: a door phone’s queue of scans (1..100), each checked in as the single form would, in order; one result per scan with the status and check-in, or the problem, the single form would answer. A cancelled session is a 409 for the whole batch.',
    body: s.checkInBatch(),
    success: { 200: { description: 'One result per scan, in order', body: s.checkInBatchResult() } },
    failures: [409],
  },
  createPoll: {
    tag: 'Polls',
    summary: 'Create a poll',
    description: 'Creates a poll on a session (2..10 options, optional closesAt).',
    body: s.pollCreate(),
    success: { 201: { description: 'The poll', body: s.poll(), headers: ['Location'] } },
  },
  listPolls: { tag: 'Polls', summary: 'List polls', description: 'A session’s polls with live counts per option.', success: ok('The polls (one page)', memo(pollPage)) },
  closePoll: { tag: 'Polls', summary: 'Close a poll', description: 'Closes a poll early ({"closed": true}).', body: s.pollUpdate(), success: { 200: { description: 'The closed poll', body: s.poll() } } },
  castVote: {
    tag: 'Polls',
    summary: 'Vote',
    description: 'Votes for an option (its index); voting again moves the vote. A closed poll is a 409.',
    body: s.vote(),
    success: { 200: { description: 'The vote', body: memo(myVote) } },
    failures: [409],
  },
  getMyVote: { tag: 'Polls', summary: 'Get my vote', description: 'The option the caller voted for (404 before they vote).', success: ok('The vote', memo(myVote)) },
  writeReview: {
    tag: 'Reviews',
    summary: 'Write or edit my review',
    description: 'Writes (201) or edits (200) the caller’s review (1..5 stars); open once the session has started (409 before).',
    body: s.reviewInput(),
    success: { 200: { description: 'Edited', body: s.review(), ...etag }, 201: { description: 'Written', body: s.review(), ...etag } },
    failures: [409],
  },
  getMyReview: { tag: 'Reviews', summary: 'Get my review', description: 'The caller’s own review of the session, hidden or not (404 before they write one).', success: ok('The review', s.review()) },
  listReviews: { tag: 'Reviews', summary: 'List reviews', description: 'Visible reviews, newest first, with the summary.', query: s.pageQuery(), success: ok('A page of reviews and the summary', s.reviewPage()) },
  listEventReviews: {
    tag: 'Reviews',
    summary: 'List the event’s reviews',
    description: 'Visible reviews of all the event’s sessions, newest first, each with its session’s id and title: what organisers moderate.',
    query: s.pageQuery(),
    success: ok('A page of reviews', s.eventReviewPage()),
  },
  hideReview: { tag: 'Reviews', summary: 'Hide a review', description: 'Hides a review, addressed by its own id: it leaves the list and the summary.', success: noContent('Hidden') },
});
