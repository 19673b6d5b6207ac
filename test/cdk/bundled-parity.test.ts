/**
 * The deployed code answers as `npm start` does. The API functions' bundles
 * from the synthesized assembly (test/support/bundled-handlers.ts: the files
 * `cdk deploy` uploads) are loaded in this process and fed API Gateway HTTP
 * API payload 2.0 events built here from AWS's documentation (repeated
 * headers and query parameters joined with commas, the Cookie header as the
 * `cookies` array, JWT authorizer claims as strings with `cognito:groups`
 * as "[admin]"), on a table of their own in DynamoDB Local, reading their
 * secrets from a Secrets Manager stand-in on 127.0.0.1. The same requests go
 * over HTTP to the local server (test support's startTestApi, npm start's
 * server) on another table; status, headers and body must be equal, and so
 * must the events: the local server's event against the documented one.
 *
 * Differences that are not differences, and why they are left out:
 * - date, connection, keep-alive: Node's HTTP server adds them (API Gateway
 *   its own); content-length: API Gateway sets it from the body, checked here
 *   against the body's length.
 * - timestamps of this run (createdAt, updatedAt): the two tables are written
 *   milliseconds apart, so they are compared as "a time of this run"; ETags
 *   are made from versions that hold the write time (`1.mwtzvnjv-0-0-0`, its
 *   milliseconds in base 36) or from such times, so they are compared for
 *   presence and strength, and each side's own ETag must give it a 304.
 * - the second half of a check-in code: it signs the reservation's createdAt
 *   (a time of this run); the first half, which signs event, session and
 *   attendee, must be equal.
 * - the event's host, user-agent, x-forwarded-*, x-amzn-trace-id, requestId,
 *   time and source IP: set by the infrastructure, read by no handler (URLs
 *   come from PUBLIC_BASE_URL, never from Host).
 * - requests the JWT authorizer refuses (no token) never reach a function in
 *   AWS: the local server's 401 for them is checked by caller-identity.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { HttpEvent, HttpResult } from '../../lambda/api/handler';
import { ORIGIN_SECRET_HEADER } from '../../lambda/api/http';
import { fallbackFunction, lambdaFunctions, matchRoute, type FunctionName } from '../../lambda/api/routes';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { ensureTable } from '../../local/create-table';
import { session, startTestApi, type TestApi } from '../support/api';
import { bundledApiHandlers } from '../support/bundled-handlers';

const secrets = { cursor: randomBytes(32).toString('base64url'), origin: randomBytes(32).toString('base64url') };
const ARN = { cursor: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor', origin: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:origin' };
const runStarted = new Date();

type Handler = (event: HttpEvent) => Promise<HttpResult>;
let api: TestApi;
let secretsManager: Server;
let handlers: Record<FunctionName, Handler>;
let synthesis = '';
/** The events the local server handed its functions, in order. */
const localEvents: HttpEvent[] = [];

/** GetSecretValue as Secrets Manager answers it: the current value; no previous one (never rotated). */
function startSecretsManager(): Promise<Server> {
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const { SecretId, VersionStage } = JSON.parse(raw) as { SecretId: string; VersionStage: string };
      const name = Object.entries(ARN).find(([, arn]) => arn === SecretId)?.[0] as keyof typeof secrets | undefined;
      const ok = request.headers['x-amz-target'] === 'secretsmanager.GetSecretValue' && /^AWS4-HMAC-SHA256 /.test(request.headers.authorization ?? '');
      if (!ok || !name || VersionStage !== 'AWSCURRENT') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        return response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: `no ${VersionStage} of ${SecretId}` }));
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ ARN: SecretId, SecretString: secrets[name], VersionStages: ['AWSCURRENT'] }));
    });
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

before(async () => {
  const started = Date.now();
  const { files, cached } = await bundledApiHandlers();
  synthesis = `${cached ? 'cached assembly' : 'synthesized with bundling'} in ${Date.now() - started} ms`;
  secretsManager = await startSecretsManager();
  api = await startTestApi({ cursorKey: Buffer.from(secrets.cursor, 'utf8'), originSecret: secrets.origin, onEvent: (_, event) => localEvents.push(event) });
  const tableName = `bundled-${randomBytes(6).toString('hex')}`;
  const doc = createDocumentClient();
  await ensureTable(doc, tableName);
  doc.destroy();
  // What the stack gives every API function (lib/catalogue-stack.ts); the bundles read it when loaded.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    PUBLIC_BASE_URL: api.publicBaseUrl,
    ORIGIN_SECRET_ARN: ARN.origin,
    WEBHOOK_SECRET_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/never-called-here',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDPARITY',
    AWS_SECRET_ACCESS_KEY: 'parity-secret',
  });
  handlers = {} as Record<FunctionName, Handler>;
  for (const [name, file] of Object.entries(files) as [FunctionName, string][]) {
    // Only the functions that page lists get the cursor secret, as in the stack.
    if (lambdaFunctions[name].cursors) process.env.CURSOR_SECRET_ARN = ARN.cursor;
    else delete process.env.CURSOR_SECRET_ARN;
    handlers[name] = ((await import(pathToFileURL(file).href)) as { handler: Handler }).handler;
  }
});
after(async () => {
  await api?.close();
  secretsManager?.close();
});

interface Ask {
  method: string;
  /** Path and query string, as the client sends them. */
  target: string;
  token?: string;
  /** Header lines, a name may repeat. */
  headers?: [string, string][];
  cookies?: string[];
  body?: unknown;
  /** Without X-Origin-Verify: a request that went around CloudFront. */
  direct?: boolean;
}

const headerLines = (ask: Ask): [string, string][] => [
  ...(ask.direct ? [] : [[ORIGIN_SECRET_HEADER, secrets.origin] as [string, string]]),
  ...(ask.token ? [['Authorization', `Bearer ${ask.token}`] as [string, string]] : []),
  ...(ask.body !== undefined ? [['Content-Type', 'application/json'] as [string, string]] : []),
  ...(ask.headers ?? []),
];

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The request over HTTP to the local server, each header line sent as given (node:http, which fetch would merge). */
function throughLocalServer(ask: Ask): Promise<Answer> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of headerLines(ask)) {
    const key = name.toLowerCase();
    headers[key] = key in headers ? [headers[key]!].flat().concat(value) : value;
  }
  if (ask.cookies) headers.cookie = ask.cookies;
  const body = ask.body === undefined ? undefined : JSON.stringify(ask.body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${api.baseUrl}${ask.target}`, { method: ask.method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) answerHeaders[name] = [value].flat().join(', ');
        resolve({ status: response.statusCode!, headers: answerHeaders, body: text });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A JWT's claims as API Gateway's JWT authorizer hands them to Lambda: every value a string, an array as "[a b]". */
function authorizerClaims(token: string): Record<string, string> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
}

/** The event API Gateway sends for the request (payload format 2.0, as AWS documents it), and the function its route integrates. */
function apiGatewayEvent(ask: Ask): { fn: FunctionName; event: HttpEvent } {
  const url = new URL(ask.target, 'https://api.example');
  const headers: Record<string, string> = { 'x-forwarded-proto': 'https', host: 'abc123.execute-api.us-east-1.amazonaws.com' };
  const sent = new Map<string, string[]>();
  for (const [name, value] of headerLines(ask)) sent.set(name.toLowerCase(), [...(sent.get(name.toLowerCase()) ?? []), value]);
  for (const [name, values] of sent) headers[name] = values.join(',');
  const body = ask.body === undefined ? undefined : JSON.stringify(ask.body);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  const { match } = matchRoute(ask.method, url.pathname);
  const routeKey = match ? match.routeKey : '$default';
  const now = new Date();
  const event = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(ask.cookies ? { cookies: ask.cookies.flatMap((line) => line.split(';').map((c) => c.trim())) } : {}),
    headers,
    ...(url.search ? { queryStringParameters } : {}),
    ...(match && Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: headers.host,
      domainPrefix: 'abc123',
      http: { method: ask.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: '' },
      requestId: randomBytes(8).toString('hex'),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(ask.token && match && match.route.access !== 'public'
        ? { authorizer: { jwt: { claims: authorizerClaims(ask.token), scopes: null } } }
        : {}),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  } as unknown as HttpEvent;
  return { fn: match ? match.route.fn : fallbackFunction, event };
}

/** A time written during this run reads the same on both sides, in each format the API writes: ISO 8601, iCalendar's basic form (DTSTAMP), HTTP dates. */
const TIMESTAMPS: [RegExp, (match: string) => Date][] = [
  [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g, (time) => new Date(time)],
  [/\b(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/g, (time) => new Date(time.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z'))],
  [/\b[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT/g, (time) => new Date(time)],
];
const ofThisRun = (text: string) =>
  TIMESTAMPS.reduce((result, [pattern, parse]) => result.replace(pattern, (time) => (parse(time).getTime() >= runStarted.getTime() - 1000 ? '<this run>' : time)), text).replace(
    /("checkInCode":"[0-9A-Z]{4}-[0-9A-Z]{2})[0-9A-Z]{2}-[0-9A-Z]{4}"/g,
    '$1<signs a time of this run>"',
  );
const INFRASTRUCTURE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

async function bundled(ask: Ask): Promise<Answer> {
  const { fn, event } = apiGatewayEvent(ask);
  const result = await handlers[fn](event);
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return { status: result.statusCode ?? 200, headers, body: result.body ?? '' };
}

/** The differences between the two answers to `ask`, each a line; none is parity. */
function differences(ask: Ask, local: Answer, deployed: Answer): string[] {
  const at = `${ask.method} ${ask.target}`;
  const found: string[] = [];
  if (local.status !== deployed.status) found.push(`${at}: status ${local.status} locally, ${deployed.status} bundled`);
  if (ofThisRun(local.body) !== ofThisRun(deployed.body)) found.push(`${at}: bodies differ\n  local:   ${local.body.slice(0, 300)}\n  bundled: ${deployed.body.slice(0, 300)}`);
  const localHeaders = { ...local.headers };
  for (const name of INFRASTRUCTURE_HEADERS) delete localHeaders[name];
  // API Gateway sets content-length from the body; the handler sets it itself only for HEAD.
  if (!('content-length' in deployed.headers)) {
    if (localHeaders['content-length'] !== undefined && Number(localHeaders['content-length']) !== Buffer.byteLength(local.body)) found.push(`${at}: content-length is not the body's`);
    delete localHeaders['content-length'];
  }
  for (const name of new Set([...Object.keys(localHeaders), ...Object.keys(deployed.headers)])) {
    const [mine, theirs] = [localHeaders[name], deployed.headers[name]];
    if (name === 'etag' && mine !== undefined && theirs !== undefined && mine.startsWith('W/') === theirs.startsWith('W/')) continue;
    if (ofThisRun(mine ?? '<none>') !== ofThisRun(theirs ?? '<none>')) found.push(`${at}: header ${name} is ${mine ?? '<none>'} locally, ${theirs ?? '<none>'} bundled`);
  }
  return found;
}

/** What of the local server's event must be API Gateway's: what the client sent and what routing and the authorizer made of it. */
function eventDifferences(ask: Ask, local: HttpEvent, documented: HttpEvent): string[] {
  const at = `${ask.method} ${ask.target}`;
  const sentHeaders = new Set(headerLines(ask).map(([name]) => name.toLowerCase()));
  const pick = (event: HttpEvent) => ({
    routeKey: event.routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    queryStringParameters: event.queryStringParameters,
    pathParameters: event.pathParameters,
    cookies: event.cookies,
    headers: Object.fromEntries(Object.entries(event.headers).filter(([name]) => sentHeaders.has(name))),
    method: event.requestContext.http.method,
    claims: event.requestContext.authorizer?.jwt?.claims ?? {},
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
  });
  const [mine, theirs] = [pick(local), pick(documented)];
  return Object.keys(mine)
    .filter((field) => JSON.stringify(mine[field as keyof typeof mine]) !== JSON.stringify(theirs[field as keyof typeof theirs]))
    .map((field) => `${at}: event ${field} is ${JSON.stringify(mine[field as keyof typeof mine])} locally, ${JSON.stringify(theirs[field as keyof typeof theirs])} from API Gateway`);
}

test('the bundled handlers from the synthesized assembly answer documented payload 2.0 events exactly as the local server answers the same requests', async (t) => {
  t.diagnostic(`bundles: ${synthesis}`);
  const alice = await api.tokenFor('alice');
  const organiser = await api.tokenFor('org-1', { organiserOf: ['parity'], pool: 'staff' });
  const otherOrganiser = await api.tokenFor('org-2', { organiserOf: ['elsewhere'], pool: 'staff' });
  const future = (day: string) => session({ startsAt: `2099-05-${day}T13:10:00+09:00`, endsAt: `2099-05-${day}T13:50:00+09:00`, speakerIds: [] });
  const asks: Ask[] = [
    { method: 'PUT', target: '/events/parity', token: api.adminToken, body: { name: 'Parity Summit', timezone: 'Asia/Seoul', tracks: ['AI/ML', 'DevOps, Cloud'] } },
    { method: 'PUT', target: '/events/parity', token: otherOrganiser, body: { name: 'Not mine', timezone: 'UTC' } },
    { method: 'POST', target: '/events/parity/sessions', token: organiser, body: { ...future('16'), id: 'graviton', track: 'DevOps, Cloud' } },
    { method: 'POST', target: '/events/parity/sessions', token: api.adminToken, body: { ...future('17'), id: 'bedrock', track: 'AI/ML', capacity: 1 } },
    { method: 'POST', target: '/events/parity/sessions', token: api.adminToken, body: { title: '' } },
    { method: 'POST', target: '/events/parity/sessions', token: api.adminToken, headers: [['Content-Type', 'text/plain']], body: 'x' },
    { method: 'GET', target: '/events/parity', headers: [['Accept', 'application/json'], ['Accept', 'text/html']], cookies: ['theme=dark; lang=ko', 'seen=1'] },
    { method: 'HEAD', target: '/events/parity' },
    // Repeated parameters: a multi-select filter repeats, and "DevOps, Cloud" keeps its comma.
    { method: 'GET', target: '/events/parity/sessions?track=DevOps%2C%20Cloud&track=AI%2FML&limit=1' },
    { method: 'GET', target: '/events/parity/sessions?limit=1&limit=2' },
    { method: 'GET', target: '/events/parity/sessions?q=graviton' },
    { method: 'GET', target: '/events/parity/tracks' },
    { method: 'GET', target: '/events/parity/schedule.json' },
    { method: 'GET', target: '/events/parity/schedule.xml' },
    { method: 'GET', target: '/events/parity/schedule.ics' },
    { method: 'GET', target: '/openapi.json' },
    { method: 'PUT', target: '/events/parity/sessions/bedrock/reservation', token: alice, cookies: ['session=abc'], headers: [['Idempotency-Key', 'k1']] },
    { method: 'PUT', target: '/events/parity/sessions/bedrock/reservation', token: await api.tokenFor('bob') },
    { method: 'GET', target: '/me/reservations', token: alice },
    { method: 'PUT', target: '/me/agenda/parity/graviton', token: alice },
    { method: 'GET', target: '/me/agenda', token: alice },
    { method: 'GET', target: '/me/agenda.ics', token: alice },
    { method: 'PUT', target: '/events/parity/sessions/graviton/polls/none/vote', token: alice, body: { option: 0 } },
    { method: 'GET', target: '/events/parity/sessions/graviton/reviews' },
    { method: 'PATCH', target: '/events/parity/sessions/graviton', token: api.adminToken, headers: [['If-Match', '"nope"'], ['Content-Type', 'application/merge-patch+json']], body: { title: 'New' } },
    { method: 'GET', target: '/events/NOT_A_SLUG' },
    { method: 'GET', target: '/nowhere' },
    { method: 'DELETE', target: '/events' },
    { method: 'GET', target: '/events', direct: true },
  ];
  const found: string[] = [];
  for (const ask of asks) {
    const seen = localEvents.length;
    const local = await throughLocalServer(ask);
    const deployed = await bundled(ask);
    found.push(...differences(ask, local, deployed));
    const localEvent = localEvents[seen];
    // The local server hands every request that reaches a function over as an event; compare it with the documented one.
    if (localEvent) found.push(...eventDifferences(ask, localEvent, apiGatewayEvent(ask).event));
    else found.push(`${ask.method} ${ask.target}: the local server answered ${local.status} without a function`);
    // The HEAD and the 304 go to the right place, and every request is checked: the counts say so.
    if (ask.target === '/events/parity' && ask.method === 'GET') {
      const etag = deployed.headers.etag!;
      const [again, againBundled] = [
        await throughLocalServer({ ...ask, headers: [['If-None-Match', local.headers.etag!]] }),
        await bundled({ ...ask, headers: [['If-None-Match', etag]] }),
      ];
      assert.deepEqual([again.status, againBundled.status], [304, 304]);
    }
  }
  t.diagnostic(`${asks.length} requests compared, ${new Set(asks.map((ask) => apiGatewayEvent(ask).fn)).size} functions`);
  assert.deepEqual(found, []);
  // The comparison can fail: the bundled answers are real ones (a created event, a confirmed and a waitlisted seat).
  assert.equal((await bundled({ method: 'GET', target: '/events/parity' })).status, 200);
  assert.match((await bundled({ method: 'GET', target: '/me/reservations', token: alice })).body, /"confirmed"/);
});
