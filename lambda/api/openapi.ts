/**
 * The OpenAPI 3.1 document, generated from the route table and the zod
 * schemas that validate requests, so it cannot drift from what the server
 * does. OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod emits.
 *
 * Build time only: `npm run openapi` (scripts/openapi.ts) writes it to
 * lambda/api/openapi.json, which the read function serves as it is
 * (./openapi-document.ts). No function imports this file, so no bundle
 * holds a JSON-schema generator (test/unit/bundles.test.ts).
 */
import * as z from 'zod/mini';
import * as s from '../domain/schemas';
import { SLUG_PATTERN } from '../domain/vocabulary';
import { routes, userPoolOf, type OperationName } from './routes';
import { problemTypes } from './http';

interface OperationDoc {
  summary: string;
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** The body may be left out (its fields all have defaults). */
  bodyOptional?: boolean;
  /** Success status and body; `null` for an empty body. */
  response: [number, z.ZodMiniType | null];
  headers?: string[];
  /** A success body that is not JSON, e.g. text/calendar. */
  mediaType?: string;
}

const list = s.page;

const docs: Record<OperationName, OperationDoc> = {
  listEvents: { summary: 'Events, newest first', query: s.pageQuery(), response: [200, list(s.event())] },
  getEvent: { summary: 'One event', response: [200, s.event()] },
  putEvent: {
    summary: 'Create or replace an event (If-Match to replace; an identical PUT changes nothing). Dropping a track that sessions still use is a 409 naming them.',
    body: s.eventInput(),
    response: [200, s.event()],
    headers: ['If-Match'],
  },
  listSessions: {
    summary: 'Sessions in time order (unscheduled last), filtered',
    query: s.sessionListQuery(),
    response: [200, list(s.session())],
  },
  createSession: {
    summary:
      'Create a session; 201 with Location. Retry safely with the same id or Idempotency-Key. An id whose deleted session is still being cleaned up is a 409 with Retry-After.',
    body: s.sessionCreate(),
    response: [201, s.session()],
    headers: ['Idempotency-Key'],
  },
  getSession: { summary: 'One session with its speakers and seats', response: [200, s.sessionWithSpeakers()] },
  updateSession: {
    summary: 'Partial update (JSON Merge Patch; null removes a field), requires If-Match',
    body: s.sessionPatch(),
    response: [200, s.session()],
    headers: ['If-Match'],
  },
  deleteSession: {
    summary:
      'Delete a session (If-Match optional). It goes at once; its reservations, bookmarks, polls and reviews follow within seconds. Repeated meanwhile: 204 again.',
    response: [204, null],
    headers: ['If-Match'],
  },
  listEventSpeakers: { summary: 'Speakers of an event', query: s.pageQuery(), response: [200, list(s.speaker())] },
  listTracks: { summary: 'Tracks with their number of sessions', response: [200, list(s.trackCount())] },
  importCatalogue: {
    summary: 'Bulk upsert of speakers and sessions; idempotent; reports created, updated, unchanged, rejected',
    body: z.object({ speakers: z.optional(z.array(s.importedSpeaker())), sessions: z.optional(z.array(s.importedSession())) }),
    response: [200, s.importReport()],
  },
  getSpeaker: {
    summary: 'A speaker and a page of their sessions across events (by event, then time): up to limit (default 100), then nextCursor',
    query: s.speakerQuery(),
    response: [200, s.speakerWithSessions()],
  },
  putSpeaker: {
    summary: 'Create or replace a speaker (If-Match to replace)',
    body: s.speakerInput(),
    response: [200, s.speaker()],
    headers: ['If-Match'],
  },
  getScheduleJson: {
    summary: 'The whole schedule as frab-compatible schedule JSON (c3voc schema), for conference apps',
    response: [200, z.looseObject({ schedule: z.looseObject({ version: z.string(), conference: z.looseObject({ title: z.string() }) }) })],
  },
  getScheduleXml: {
    summary: 'The whole schedule as frab/pentabarf schedule XML (c3voc schema.xsd), which most conference apps read',
    response: [200, z.string()],
    mediaType: 'application/xml',
  },
  getScheduleIcs: { summary: 'The whole schedule as iCalendar (RFC 5545)', response: [200, z.string()], mediaType: 'text/calendar' },
  listChanges: {
    summary: 'What changed since a cursor (sessions, speakers, the event), oldest first; follow nextCursor',
    query: s.changesQuery(),
    response: [200, s.changePage()],
  },
  putWebhook: {
    summary:
      'Subscribe an https URL to the event’s changes (its host must resolve to public addresses only), or point an existing webhook elsewhere. Each change after the subscription is POSTed signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature), retried, in order per object. The signing secret is in the answer that creates the webhook, and never again.',
    body: s.webhookInput(),
    response: [201, s.webhook()],
  },
  rotateWebhookSecret: {
    summary: 'A new signing secret, shown in this answer only; the replaced one keeps signing beside it for keepPreviousSeconds (default a day)',
    body: s.webhookSecretRotation(),
    bodyOptional: true,
    response: [200, s.rotatedWebhookSecret()],
  },
  getWebhook: { summary: 'A webhook and its latest deliveries (delivered, or failed with lastError "delivery failed (status N)" or "unreachable"); never the secret', response: [200, s.webhook()] },
  deleteWebhook: { summary: 'Unsubscribe', response: [204, null] },
  getOpenApi: { summary: 'This document', response: [200, z.object({ openapi: z.string() })] },
  reserveSeat: {
    summary: 'Reserve a seat: confirmed while seats are free, else waitlisted with a position. Repeating it answers the same. 409 when the session is cancelled, has ended, or is outside its reservation window.',
    response: [201, s.reservation()],
  },
  cancelReservation: {
    summary: 'Cancel the caller’s reservation; the first waitlisted attendee gets the seat in the same transaction',
    response: [204, null],
  },
  listMyReservations: { summary: 'The caller’s reservations', query: s.myReservationsQuery(), response: [200, list(s.reservation())] },
  addBookmark: { summary: 'Bookmark a session (idempotent)', response: [204, null] },
  removeBookmark: { summary: 'Remove a bookmark (idempotent)', response: [204, null] },
  getMyAgenda: {
    summary: 'Bookmarked and reserved (confirmed or waitlisted) sessions of one event in time order, with overlapping sessions; a released reservation is not listed',
    query: s.agendaQuery(),
    response: [200, list(s.agendaItem())],
  },
  rotateCalendarFeed: {
    summary: 'Create or rotate the caller’s secret calendar URL; the previous URL stops working at once',
    response: [201, z.object({ url: z.string(), createdAt: z.string() })],
  },
  getCalendarFeed: {
    summary: 'The attendee’s agenda across events as a subscribable iCalendar feed (statuses as in agenda.ics), for the holder of its secret token (404 for any other)',
    query: z.object({ token: z.string().check(z.meta({ description: 'the secret from POST /me/calendar-feed; kept out of the path, which access logs record' })) }),
    response: [200, z.string()],
    mediaType: 'text/calendar',
  },
  createPoll: { summary: 'Create a poll on a session (2..10 options, optional closesAt)', body: s.pollCreate(), response: [201, s.poll()] },
  listPolls: { summary: 'A session’s polls with live counts per option', response: [200, list(s.poll())] },
  closePoll: { summary: 'Close a poll early', body: s.pollUpdate(), response: [200, s.poll()] },
  castVote: {
    summary: 'Vote (option index); voting again moves the vote',
    body: s.vote(),
    response: [200, z.extend(s.vote(), { pollId: z.string() })],
  },
  getMyVote: { summary: 'The option the caller voted for (404 before they vote)', response: [200, z.extend(s.vote(), { pollId: z.string() })] },
  getMyReview: { summary: 'The caller’s own review of the session, hidden or not (404 before they write one)', response: [200, s.review()] },
  writeReview: { summary: 'Write or edit the caller’s review (1..5 stars); open once the session has started', body: s.reviewInput(), response: [201, s.review()] },
  listReviews: { summary: 'Visible reviews, newest first, with the summary', query: s.pageQuery(), response: [200, s.reviewPage()] },
  hideReview: { summary: 'Hide a review, addressed by its own id: it leaves the list and the summary', response: [204, null] },
  getMyAgendaCalendar: {
    summary: 'The agenda as iCalendar (RFC 5545): a waitlisted session is STATUS:TENTATIVE, a cancelled one CANCELLED, others CONFIRMED',
    query: s.agendaQuery(),
    response: [200, z.string()],
    mediaType: 'text/calendar',
  },
};

const headerDescriptions: Record<string, string> = {
  'If-Match':
    'RFC 9110 §13.1.1: the ETag you read ("3.x7Yq…" or "3"), a comma-separated list of ETags (matches when one does), or * (any current version). ' +
    'Compared strongly: a weak tag (W/"3") never matches. A tag that does not name the current version, including one this server never issued, is 412; only a value that is not an ETag list is 400.',
};

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', enum: Object.values(problemTypes) },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', examples: ['body.startsAt', 'query.limit'] }, message: { type: 'string' } },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operationObject(route: (typeof routes)[number]) {
  const doc = docs[route.operation];
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const parameters: unknown[] = pathNames.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: name.endsWith('Id') ? { type: 'string', pattern: SLUG_PATTERN.source } : { type: 'string' },
  }));
  if (doc.query) {
    const querySchema = jsonSchema(doc.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, { description, ...schema }] of Object.entries(querySchema.properties ?? {}) as [string, { description?: string; type?: string }][]) {
      parameters.push({
        name,
        in: 'query',
        required: querySchema.required?.includes(name) ?? false,
        ...(description ? { description } : {}),
        // A list is the parameter repeated (track=A&track=B); any other parameter may be given once (400 otherwise).
        ...(schema.type === 'array' ? { style: 'form', explode: true } : {}),
        schema,
      });
    }
  }
  for (const header of doc.headers ?? []) {
    parameters.push({
      name: header,
      in: 'header',
      required: route.operation === 'updateSession' && header === 'If-Match',
      ...(headerDescriptions[header] ? { description: headerDescriptions[header] } : {}),
      schema: { type: 'string' },
    });
  }
  const [status, responseSchema] = doc.response;
  const responses: Record<string, unknown> = {
    [status]: responseSchema
      ? { description: 'Success', content: { [doc.mediaType ?? 'application/json']: { schema: jsonSchema(responseSchema, 'output') } } }
      : { description: 'Success, no body' },
    400: problemResponse('Invalid request: the errors name each offending field'),
    404: problemResponse('No such resource, path or method'),
    503: problemResponse('The database is busy; retry after Retry-After seconds'),
  };
  if (route.method === 'GET') responses[304] = { description: 'Not modified (If-None-Match matched the ETag)' };
  if (route.access !== 'public') {
    responses[401] = problemResponse('Missing or invalid token: an access token of this route\'s user pool');
    responses[403] = problemResponse('The caller may not do this');
  }
  if (doc.headers?.includes('If-Match')) {
    responses[412] = problemResponse('If-Match is stale: the resource changed; nothing was written');
    responses[428] = problemResponse('If-Match is required to replace an existing resource');
  }
  if (doc.body) {
    responses[415] = problemResponse('The body is not JSON');
    responses[422] = problemResponse('Well-formed, but breaks a catalogue rule (unknown speaker, a day outside the event)');
  }
  return {
    operationId: route.operation,
    summary: doc.summary,
    ...(route.access === 'public' ? { security: [] } : { security: [{ [userPoolOf(route.access)!]: [] }], 'x-access': route.access }),
    parameters,
    ...(doc.body
      ? { requestBody: { required: !doc.bodyOptional, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } }
      : {}),
    responses,
  };
}

/** The operations whose lists page with a `cursor` (the functions serving them get the cursor secret). */
export function pagedOperations(): OperationName[] {
  return (Object.keys(docs) as OperationName[]).filter((operation) => docs[operation].query?.shape.cursor !== undefined);
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operationObject(route);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Session catalogue API',
      version: '1.0.0',
      description:
        'Conference sessions, speakers and tracks. Lists page with limit (1..100) and an opaque cursor; errors are RFC 9457 problem documents; GETs carry ETag and honour If-None-Match, and every GET route answers HEAD too. ' +
        'A query parameter whose schema is an array is repeated for several values (track=A&track=B: any of them); any other parameter given more than once is a 400 naming it.',
    },
    paths,
    components: {
      securitySchemes: {
        attendee: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito access token (not an ID token) from the attendee user pool' },
        staff: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito access token (not an ID token) from the staff user pool, where MFA is required; admins are in the group admin, an event\'s organisers in organiser:{eventId}',
        },
      },
      schemas: { Problem: problemSchema },
    },
  };
  return cached;
}
