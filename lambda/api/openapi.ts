/**
 * The OpenAPI 3.1 document, generated from the route table and the zod
 * schemas that validate requests, so it cannot drift from what the server
 * does. OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod emits.
 * What it says of each operation (words, statuses, named schemas) is in
 * ./openapi-operations.ts; this file assembles the document around it.
 *
 * Build time only: `npm run openapi` (scripts/openapi.ts) writes it to
 * lambda/api/openapi.json, which the read function serves as it is
 * (./openapi-document.ts). No function imports this file, so no bundle
 * holds a JSON-schema generator (test/unit/bundles.test.ts).
 */
import * as z from 'zod/mini';
import { SLUG_PATTERN } from '../domain/vocabulary';
import { routes, userPoolOf, type OperationName } from './routes';
import { problemTypes } from './http';
import { namedSchemas, operationDocs, type OperationDoc, type Tag } from './openapi-operations';

const tags: { name: Tag; description: string }[] = [
  { name: 'Events', description: 'Conferences: their days, time zone and tracks' },
  { name: 'Sessions', description: 'Talks, workshops and keynotes of an event, and the bulk import that fills them' },
  { name: 'Speakers', description: 'People who give sessions, shared between events' },
  { name: 'Exports', description: 'The whole schedule in the formats conference apps and calendars read' },
  { name: 'Changes', description: 'The change feed: every create, update, cancellation and deletion, in order' },
  { name: 'Webhooks', description: 'Changes pushed to a subscriber, signed the Standard Webhooks way' },
  { name: 'Reservations', description: 'An attendee’s seats: confirmed, or waitlisted with a position' },
  { name: 'Agenda', description: 'An attendee’s bookmarks and reservations as an agenda, a calendar and a secret feed' },
  { name: 'Door', description: 'Organisers at the door: a session’s roster, check-in by code (one scan or a queue), counts per session' },
  { name: 'Polls', description: 'Live polls on a session and the attendees’ votes' },
  { name: 'Reviews', description: 'Attendees’ star ratings of a session, and their moderation' },
  { name: 'Meta', description: 'The API describing itself' },
];

const pathParameterDescriptions: Record<string, string> = {
  eventId: 'The event’s id, a lowercase slug',
  sessionId: 'The session’s id within its event, a lowercase slug',
  speakerId: 'The speaker’s id, a lowercase slug',
  webhookId: 'The webhook’s id within its event, a lowercase slug chosen by the subscriber',
  pollId: 'The poll’s id, as the server made it',
  reviewId: 'The review’s own id, as the server made it (never the author’s)',
  jobId: 'The import job’s id, from the Location of the import’s 202',
};

const requestHeaderDescriptions: Record<string, string> = {
  'If-Match':
    'RFC 9110 §13.1.1: the ETag you read ("3.x7Yq…" or "3"), a comma-separated list of ETags (matches when one does), or * (any current version). ' +
    'Compared strongly: a weak tag (W/"3") never matches. A tag that does not name the current version, including one this server never issued, is 412; only a value that is not an ETag list is 400.',
  'Idempotency-Key': '1..200 visible ASCII characters: a retry with the same key answers with the session the first attempt made',
  'Accept-Language': 'RFC 9110 §12.5.4: the languages to answer titles and abstracts in, by preference; lang wins over it',
};

const headers = {
  ETag: { description: 'The version of what the answer shows; send it back in If-None-Match (reads) or If-Match (writes)', schema: { type: 'string' } },
  Location: { description: 'Where the created resource is read', schema: { type: 'string', format: 'uri-reference' } },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
  'Content-Language': { description: 'The languages of the titles and abstracts given (a list when sessions fell back to their own)', schema: { type: 'string' } },
  Vary: { description: 'Accept-Language: the answer depends on it', schema: { type: 'string' } },
  'WWW-Authenticate': { description: 'The Bearer challenge (RFC 6750)', schema: { type: 'string' } },
};
const headerRef = (name: keyof typeof headers) => ({ $ref: `#/components/headers/${name}` });

const problemSchema = {
  type: 'object',
  description: 'An RFC 9457 problem document',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', enum: Object.values(problemTypes) },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
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

const problemResponse = (description: string, withHeaders: Partial<Record<keyof typeof headers, unknown>> = {}) => ({
  description,
  ...(Object.keys(withHeaders).length > 0 ? { headers: withHeaders } : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The failures, each a shared response (components.responses), by status. */
const failures = {
  400: ['BadRequest', problemResponse('Invalid request: the errors name each offending field')],
  401: ['Unauthorized', problemResponse('Missing or invalid token: an access token of this route’s user pool', { 'WWW-Authenticate': headerRef('WWW-Authenticate') })],
  403: ['Forbidden', problemResponse('The caller may not do this')],
  404: ['NotFound', problemResponse('No such resource')],
  409: ['Conflict', problemResponse('The resource’s state forbids it; Retry-After when it passes with time', { 'Retry-After': headerRef('Retry-After') })],
  412: ['StaleVersion', problemResponse('If-Match does not name the current version; nothing was written')],
  413: ['TooLarge', problemResponse('The body is larger than 6 MB')],
  415: ['UnsupportedMediaType', problemResponse('The body is not JSON in UTF-8')],
  422: ['Unprocessable', problemResponse('Well-formed, but breaks a catalogue rule (an unknown speaker, a day outside the event)')],
  428: ['IfMatchRequired', problemResponse('If-Match is required to change an existing resource')],
  500: ['Internal', problemResponse('A fault of ours, logged; nothing about it in the answer')],
  503: ['Unavailable', problemResponse('The database is busy beyond our retries; retry after Retry-After seconds', { 'Retry-After': headerRef('Retry-After') })],
} as const;
type FailureStatus = keyof typeof failures;
const failureRef = (status: FailureStatus) => ({ $ref: `#/components/responses/${failures[status][0]}` });

/** JSON Schema of a schema, as zod emits it, inline: the query parameters', which the document spells out one by one. */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** components.schemas: every named schema, inputs as requests are read and outputs as answers are written. */
function componentSchemas(): { schemas: Record<string, unknown>; names: Map<z.ZodMiniType, string> } {
  const names = new Map<z.ZodMiniType, string>();
  const schemas: Record<string, unknown> = {};
  for (const [io, named] of Object.entries(namedSchemas()) as ['input' | 'output', Record<string, z.ZodMiniType>][]) {
    const registry = z.registry<{ id: string }>();
    for (const [name, schema] of Object.entries(named)) {
      registry.add(schema, { id: name });
      names.set(schema, name);
    }
    const made = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }).schemas;
    for (const [name, { $schema: _s, $id: _id, ...schema }] of Object.entries(made) as [string, Record<string, unknown>][]) schemas[name] = schema;
  }
  return { schemas: { ...schemas, Problem: problemSchema }, names };
}

function operationObject(route: (typeof routes)[number], doc: OperationDoc, names: Map<z.ZodMiniType, string>) {
  const ref = (schema: z.ZodMiniType) => ({ $ref: `#/components/schemas/${names.get(schema) ?? fail(`${route.operation}: a body whose schema is not named`)}` });
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const parameters: unknown[] = pathNames.map((name) => ({ $ref: `#/components/parameters/${name}` }));
  if (doc.query) {
    const querySchema = jsonSchema(doc.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, { description, ...schema }] of Object.entries(querySchema.properties ?? {}) as [string, { description?: string; type?: string }][]) {
      parameters.push({
        name,
        in: 'query',
        required: querySchema.required?.includes(name) ?? false,
        description: description ?? queryDescriptions[name] ?? fail(`${route.operation}: query parameter ${name} has no description`),
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
      description: requestHeaderDescriptions[header],
      schema: { type: 'string' },
    });
  }
  const responses: Record<string, unknown> = {};
  for (const [status, success] of Object.entries(doc.success)) {
    const content = success.body === undefined
      ? undefined
      : { [doc.mediaType ?? 'application/json']: { schema: success.body === 'text' ? { type: 'string' } : ref(success.body) } };
    const answerHeaders = Object.fromEntries((success.headers ?? []).map((name) => [name, headerRef(name)]));
    responses[status] = {
      description: success.description,
      ...(Object.keys(answerHeaders).length > 0 ? { headers: answerHeaders } : {}),
      ...(content ? { content } : {}),
    };
  }
  if (route.method === 'GET') responses[304] = { description: 'Not modified: If-None-Match named the current ETag', headers: { ETag: headerRef('ETag') } };
  const statuses: FailureStatus[] = [
    // Any request may be malformed: a body that is not JSON, an id that is not a slug, an unknown parameter.
    400,
    ...(route.access !== 'public' ? [401 as const, 403 as const] : []),
    ...((doc.notFound ?? pathNames.length > 0) ? [404 as const] : []),
    ...(doc.failures ?? []),
    ...(doc.body ? [413 as const, 415 as const] : []),
    500,
    503,
  ];
  for (const status of [...new Set(statuses)].sort()) responses[status] = failureRef(status);
  return {
    operationId: route.operation,
    tags: [doc.tag],
    summary: doc.summary,
    description: doc.description,
    ...(route.access === 'public' ? { security: [] } : { security: [{ [userPoolOf(route.access)!]: [] }], 'x-access': route.access }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: !doc.bodyOptional,
            content: {
              'application/json': { schema: ref(doc.body) },
              ...('csv' in route && route.csv ? { 'text/csv': { schema: { type: 'string', description: 'UTF-8 (a BOM is allowed), a header row naming the columns (docs/api.md), `,` or `;` between cells' } } } : {}),
            },
          },
        }
      : {}),
    responses,
  };
}

/** Query parameters whose schema carries no description of its own. */
const queryDescriptions: Record<string, string> = {
  limit: 'How many items at most (1..100)',
  cursor: 'nextCursor of the previous page; leave it out for the first',
  day: 'Only sessions on this day (YYYY-MM-DD, in the event’s time zone)',
  speaker: 'Only sessions of this speaker (their id)',
  at: 'Only sessions running at this instant',
  q: 'Words in the title, abstract, tags, speaker names and companies (in any of their languages)',
  lang: 'The language of titles and abstracts, one tag such as ko or en (wins over Accept-Language); a session without it answers in its own',
  status: 'Only sessions with this status',
  since: 'nextCursor of the previous answer; 0 for the beginning',
  eventId: 'The event’s id',
  dryRun: 'true: report what the import would do, and write nothing',
  chunk: 'Where the page of the report starts: report.nextChunk of the previous page; 0 for the first',
};

function fail(message: string): never {
  throw new Error(message);
}

/** The operations whose lists page with a `cursor` (the functions serving them get the cursor secret). */
export function pagedOperations(): OperationName[] {
  const docs = operationDocs();
  return (Object.keys(docs) as OperationName[]).filter((operation) => docs[operation].query?.shape.cursor !== undefined);
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const { schemas, names } = componentSchemas();
  const docs = operationDocs();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operationObject(route, docs[route.operation], names);
  }
  const pathParameters = [...new Set(routes.flatMap((route) => [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))];
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Session catalogue API',
      version: '1.0.0',
      // No open-source licence has been chosen: an SPDX reference to the owners' own terms.
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      contact: { name: 'The session catalogue team' },
      description:
        'Conference sessions, speakers and tracks. Lists page with limit (1..100) and an opaque cursor; errors are RFC 9457 problem documents; GETs carry ETag and honour If-None-Match, and every GET route answers HEAD too. ' +
        'A query parameter whose schema is an array is repeated for several values (track=A&track=B: any of them); any other parameter given more than once is a 400 naming it.',
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'The local server (npm start)' },
      {
        url: 'https://{host}',
        description: 'A deployment: its CloudFront address (the stack output WebUrl) or custom domain, the only address the API answers at',
        variables: { host: { default: 'd111111abcdef8.cloudfront.net', description: 'The deployment’s host name' } },
      },
    ],
    tags,
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
      schemas,
      parameters: Object.fromEntries(
        pathParameters.map((name) => [
          name,
          {
            name,
            in: 'path',
            required: true,
            description: pathParameterDescriptions[name] ?? fail(`path parameter ${name} has no description`),
            schema: name.endsWith('Id') ? { type: 'string', pattern: SLUG_PATTERN.source } : { type: 'string' },
          },
        ]),
      ),
      headers,
      responses: Object.fromEntries(Object.values(failures)),
    },
  };
  return cached;
}

/** Where `npm run openapi` writes the document's TypeScript types (for typed clients: test/http/typed-client.test.ts). */
export const OPENAPI_TYPES_FILE = new URL('./openapi-types.ts', import.meta.url);

/** The document's types as openapi-typescript makes them: `paths`, `components` and `operations`, for openapi-fetch. */
export async function openApiTypes(): Promise<string> {
  // Loaded only here: the tests that import this module for its route facts need no code generator.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const header = '// Generated by `npm run openapi` (openapi-typescript) from lambda/api/openapi.json: do not edit.\n';
  // A field with a default may be left out of a request: it is optional in the types too.
  return header + astToString(await openapiTS(openApiDocument() as unknown as Parameters<typeof openapiTS>[0], { defaultNonNullable: false }));
}
