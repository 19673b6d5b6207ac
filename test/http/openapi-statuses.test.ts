/**
 * The OpenAPI document says what the server does: every route of the route
 * table is called on a local server, on its way to success and on common
 * ways to fail, and each answer's status must be one its operation
 * documents, with the headers the document promises for it (ETag, Location,
 * WWW-Authenticate). Each operation must also have answered one of its
 * documented successes, and the statuses that were once wrong in the
 * document are pinned: a new event or speaker is 201, a replaced one 200, an
 * edited review 200, a webhook pointed elsewhere 200.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, routes, type OperationName } from '../../lambda/api/routes';
import { reservable, session, startTestApi, type CallOptions, type CallResult, type TestApi } from '../support/api';

let api: TestApi;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
let alice: string;
before(async () => {
  api = await startTestApi();
  doc = (await api.call('GET', '/openapi.json')).body;
  alice = await api.tokenFor('alice');
});
after(() => api.close());

interface Answer {
  operation: OperationName;
  status: number;
  documented: string[];
  missingHeaders: string[];
}
const answers: Answer[] = [];

/** Calls the server and notes the answer against what the document says of the operation it reached. */
async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const result = await api.call(method, path, options);
  const { match } = matchRoute(method, new URL(path, 'http://x').pathname);
  assert.ok(match, `${method} ${path} is no route`);
  const responses = doc.paths[match.route.path][method.toLowerCase()].responses as Record<string, { $ref?: string; headers?: Record<string, unknown> }>;
  const documented = responses[result.status];
  const shared = documented?.$ref ? doc.components.responses[documented.$ref.split('/').pop()!] : documented;
  const promised = Object.keys(shared?.headers ?? {}).filter((name) => name !== 'Retry-After'); // Retry-After only when the wait is known
  answers.push({
    operation: match.route.operation as OperationName,
    status: result.status,
    documented: Object.keys(responses),
    missingHeaders: promised.filter((name) => !result.headers.has(name)),
  });
  return result;
}

const e = '/events/status-walk';
const as = (token: string, body?: unknown, headers?: Record<string, string>): CallOptions => ({ token, body, headers });

test('every answer of every route is documented, with its headers', async () => {
  const admin = api.adminToken;
  const eventBody = { name: 'Status walk', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }], tracks: ['Main'] };

  // Events: created 201, replaced 200, a replace without If-Match 428, with a stale one 412.
  const createdEvent = await call('PUT', e, as(admin, eventBody));
  assert.equal(createdEvent.status, 201, createdEvent.text);
  assert.equal(createdEvent.headers.get('location'), e);
  assert.equal((await call('PUT', e, as(admin, eventBody))).status, 200, 'an identical PUT changes nothing');
  assert.equal((await call('PUT', e, as(admin, { ...eventBody, venue: 'COEX' }))).status, 428);
  assert.equal((await call('PUT', e, as(admin, { ...eventBody, venue: 'COEX' }, { 'if-match': '"999"' }))).status, 412);
  const replacedEvent = await call('PUT', e, as(admin, { ...eventBody, venue: 'COEX' }, { 'if-match': createdEvent.headers.get('etag')! }));
  assert.equal(replacedEvent.status, 200, replacedEvent.text);
  await call('PUT', e, as(await api.tokenFor('olga', { organiserOf: ['another-event'] }), eventBody)); // 403: another event's organiser
  const refused = await call('PUT', e, as(alice, eventBody)); // 401: a token of the other user pool
  assert.equal(refused.status, 401);
  await call('PUT', e, { body: eventBody }); // 401: no token
  await call('PUT', e, { token: admin, rawBody: 'name=x', headers: { 'content-type': 'text/plain' } }); // 415
  await call('GET', '/events');
  const event = await call('GET', e);
  await call('GET', e, { headers: { 'if-none-match': event.headers.get('etag')! } }); // 304
  await call('GET', '/events/no-such-event'); // 404
  await call('GET', '/events?limit=0'); // 400

  // Speakers: created 201, replaced 200.
  const createdSpeaker = await call('PUT', '/speakers/walker', as(admin, { name: 'Walker' }));
  assert.equal(createdSpeaker.status, 201, createdSpeaker.text);
  assert.equal((await call('PUT', '/speakers/walker', as(admin, { name: 'Walker', company: 'AWS' }))).status, 428);
  const replacedSpeaker = await call('PUT', '/speakers/walker', as(admin, { name: 'Walker', company: 'AWS' }, { 'if-match': createdSpeaker.headers.get('etag')! }));
  assert.equal(replacedSpeaker.status, 200, replacedSpeaker.text);
  await call('GET', '/speakers/walker');
  await call('GET', '/speakers/nobody');
  await call('GET', `${e}/speakers`);

  // Sessions.
  const talk = session({ id: 'talk', track: 'Main', speakerIds: ['walker'] });
  assert.equal((await call('POST', `${e}/sessions`, as(admin, talk))).status, 201);
  await call('POST', `${e}/sessions`, as(admin, session({ id: 'stray', track: 'Main', speakerIds: ['nobody'] }))); // 422
  await call('POST', `${e}/sessions`, as(admin, { ...talk, title: '' })); // 400
  await call('POST', `${e}/sessions`, as(admin, reservable({ id: 'open', track: 'Main', speakerIds: [] })));
  await call('POST', `${e}/sessions`, as(admin, reservable({ id: 'doomed', track: 'Main', speakerIds: [] })));
  await call('GET', `${e}/sessions`);
  await call('GET', `${e}/sessions?q=graviton`);
  await call('GET', '/search?q=graviton');
  await call('GET', '/search'); // 400: q is required
  const one = await call('GET', `${e}/sessions/talk`);
  await call('PATCH', `${e}/sessions/talk`, as(admin, { room: 'Hall A' })); // 428
  await call('PATCH', `${e}/sessions/talk`, as(admin, { room: 'Hall A' }, { 'if-match': one.headers.get('etag')! }));
  await call('GET', `${e}/sessions/missing`);
  await call('DELETE', `${e}/sessions/doomed`, as(admin));
  await call('PUT', e, as(admin, { ...eventBody, tracks: [] }, { 'if-match': '*' })); // 409: sessions use the track
  await call('GET', `${e}/tracks`);
  for (const list of ['rooms', 'levels', 'types']) await call('GET', `${e}/${list}`);
  await call('POST', `${e}/import`, as(admin, { speakers: [{ id: 'walker', name: 'Walker' }], sessions: [{ ...talk, title: 'Imported' }] }));
  // A CSV import is a job: 202 with Location; the job 200, an unknown one 404, a bad cursor 400.
  const job = await call('POST', `${e}/import?dryRun=true`, { token: admin, rawBody: 'id,title\r\ncsv-walk,Walk\r\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(job.status, 202, job.text);
  await api.importsIdle();
  assert.equal((await call('GET', job.headers.get('location')!, as(admin))).status, 200);
  await call('GET', `${e}/imports/import-0000000000000000`, as(admin)); // 404
  await call('GET', `${job.headers.get('location')}?chunk=x`, as(admin)); // 400
  for (const format of ['json', 'xml', 'ics']) await call('GET', `${e}/schedule.${format}`);
  await call('GET', `${e}/changes`);
  await call('GET', '/openapi.json');

  // Webhooks (to a loopback port nobody listens on; this API runs no deliveries).
  const hook = `${e}/webhooks/site`;
  assert.equal((await call('PUT', hook, as(admin, { url: 'http://127.0.0.1:9/hook' }))).status, 201);
  assert.equal((await call('PUT', hook, as(admin, { url: 'http://127.0.0.1:9/other' }))).status, 200);
  await call('GET', hook, as(admin));
  await call('GET', `${e}/webhooks`, as(admin));
  await call('GET', '/events/no-such-event/webhooks', as(admin)); // 404
  await call('POST', `${hook}/secret`, as(admin, { keepPreviousSeconds: 0 }));
  await call('DELETE', hook, as(admin));
  await call('GET', hook, as(admin)); // 404

  // Reservations, bookmarks, the agenda and its feed.
  assert.equal((await call('PUT', `${e}/sessions/open/reservation`, as(alice))).status, 201);
  await call('PUT', `${e}/sessions/talk/reservation`, as(alice)); // 409: it ended
  await call('GET', '/me/reservations', as(alice));
  await call('PUT', `/me/agenda/status-walk/talk`, as(alice));
  await call('PUT', `/me/agenda/status-walk/missing`, as(alice)); // 404
  await call('GET', '/me/agenda?eventId=status-walk', as(alice));
  await call('GET', '/me/agenda.ics?eventId=status-walk', as(alice));
  await call('GET', '/me/agenda?eventId=no-such-event', as(alice)); // 404
  const feed = new URL((await call('POST', '/me/calendar-feed', as(alice))).body.url);
  await call('GET', `${feed.pathname}${feed.search}`);
  await call('GET', '/calendar/feed.ics?token=not-a-feed'); // 404
  await call('DELETE', `/me/agenda/status-walk/talk`, as(alice));
  await call('GET', '/me/preferences', as(alice));
  await call('PUT', '/me/preferences', { ...as(alice), body: { emailNotices: false, email: 'alice@example.com' } });
  await call('PUT', '/me/preferences', { ...as(alice), body: { emailNotices: 'no' } }); // 400
  // The door: alice's code checks her in (201), again with its scanId (200), another scan (409), at another session (422), a queue; the roster, its CSV, the counts.
  const code = (await call('GET', '/me/reservations', as(alice))).body.items[0].checkInCode;
  assert.equal((await call('POST', `${e}/sessions/open/check-ins`, as(admin, { code, scanId: 'door-1' }))).status, 201);
  assert.equal((await call('POST', `${e}/sessions/open/check-ins`, as(admin, { code, scanId: 'door-1' }))).status, 200);
  assert.equal((await call('POST', `${e}/sessions/open/check-ins`, as(admin, { code }))).status, 409);
  assert.equal((await call('POST', `${e}/sessions/talk/check-ins`, as(admin, { code }))).status, 422);
  assert.equal((await call('POST', `${e}/sessions/open/check-ins/batch`, as(admin, { scans: [{ code, scanId: 'door-1' }, { code: 'x' }] }))).status, 200);
  await call('GET', `${e}/sessions/open/roster`, as(admin));
  await call('GET', `${e}/sessions/open/roster?format=csv`, as(admin));
  await call('GET', `${e}/check-ins`, as(admin));
  await call('DELETE', `${e}/sessions/open/reservation`, as(alice));

  // Polls.
  const poll = (await call('POST', `${e}/sessions/talk/polls`, as(admin, { question: 'Useful?', options: ['yes', 'no'] }))).body.id as string;
  await call('GET', `${e}/sessions/talk/polls`);
  await call('GET', `${e}/sessions/talk/polls/${poll}/vote`, as(alice)); // 404: not voted yet
  await call('PUT', `${e}/sessions/talk/polls/${poll}/vote`, as(alice, { option: 1 }));
  await call('GET', `${e}/sessions/talk/polls/${poll}/vote`, as(alice));
  await call('PATCH', `${e}/sessions/talk/polls/${poll}`, as(admin, { closed: true }));
  await call('PUT', `${e}/sessions/talk/polls/${poll}/vote`, as(alice, { option: 0 })); // 409: closed

  // Reviews: written 201, edited 200; one on a session that has not started is a 409.
  const written = await call('PUT', `${e}/sessions/talk/reviews/me`, as(alice, { rating: 4 }));
  assert.equal(written.status, 201, written.text);
  const edited = await call('PUT', `${e}/sessions/talk/reviews/me`, as(alice, { rating: 5 }));
  assert.equal(edited.status, 200, edited.text);
  await call('PUT', `${e}/sessions/open/reviews/me`, as(alice, { rating: 5 })); // 409
  await call('GET', `${e}/sessions/talk/reviews/me`, as(alice));
  await call('GET', `${e}/sessions/talk/reviews`);
  await call('GET', `${e}/reviews`, as(admin));
  await call('DELETE', `${e}/sessions/talk/reviews/${written.body.id}`, as(admin));

  const undocumented = answers.filter((a) => !a.documented.includes(String(a.status)));
  assert.deepEqual(undocumented.map((a) => `${a.operation} answered ${a.status}, documents ${a.documented.join(' ')}`), []);
  const withoutHeaders = answers.filter((a) => a.missingHeaders.length > 0);
  assert.deepEqual(withoutHeaders.map((a) => `${a.operation} ${a.status} lacks ${a.missingHeaders.join(', ')}`), []);
  const succeeded = new Set(answers.filter((a) => a.status < 300).map((a) => a.operation));
  assert.deepEqual(routes.map((r) => r.operation).filter((operation) => !succeeded.has(operation)), [], 'operations never called successfully');
  for (const status of [201, 200, 304, 400, 401, 403, 404, 409, 412, 415, 422, 428]) {
    assert.ok(answers.some((a) => a.status === status), `no call answered ${status}: the walk lost a case`);
  }
  process.stdout.write(`# ${answers.length} answers of ${succeeded.size} operations, all documented\n`);
});
