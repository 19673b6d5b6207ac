/**
 * HEAD on every GET route of the route table answers what GET answers, with
 * no body; an over-long URL or header answers a problem document.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { routes } from '../../lambda/api/routes';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let alice: string;
let feedPath: string;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'kept' }) });
  alice = await api.tokenFor('alice');
  await api.call('PUT', '/me/agenda/summit/kept', { token: alice });
  const feed = await api.call('POST', '/me/calendar-feed', { token: alice });
  const url = new URL(feed.body.url);
  feedPath = url.pathname + url.search;
});
after(() => api.close());

const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => ({ eventId: 'summit', sessionId: 'kept', speakerId: 'ham-giho' })[name] ?? `some-${name.toLowerCase()}`);

const SAME_HEADERS = ['etag', 'content-type', 'cache-control', 'allow', 'www-authenticate'];

test('HEAD on every GET route: the status and headers GET gives, no body', async (t) => {
  const gets = routes.filter((r) => r.method === 'GET');
  const seen: string[] = [];
  for (const route of gets) {
    const path = route.operation === 'getCalendarFeed' ? feedPath : concrete(route.path);
    const token = route.access === 'public' ? undefined : route.access === 'attendee' ? alice : api.adminToken;
    const get = await api.call('GET', path, { token });
    const head = await api.call('HEAD', path, { token });
    assert.equal(head.status, get.status, `${route.path}: HEAD ${head.status}, GET ${get.status}`);
    assert.equal(head.text, '', `${route.path}: HEAD has a body`);
    for (const name of SAME_HEADERS) assert.equal(head.headers.get(name), get.headers.get(name), `${route.path}: ${name}`);
    if (get.status === 200) assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(get.text)), `${route.path}: content-length`);
    seen.push(`${get.status} ${route.path}`);
  }
  // The routes whose resource this file does not make (or that need a query parameter) answer alike with no 200; every other is a 200 with a body.
  const notMadeHere = ['404 /events/{eventId}/imports/{jobId}', '404 /events/{eventId}/webhooks/{webhookId}', '400 /me/agenda', '400 /me/agenda.ics', '400 /search', '404 /events/{eventId}/sessions/{sessionId}/polls/{pollId}/vote', '404 /events/{eventId}/sessions/{sessionId}/reviews/me'];
  assert.deepEqual(seen.filter((s) => !s.startsWith('200 ')).sort(), [...notMadeHere].sort(), seen.join('\n'));
  const ok = seen.length - notMadeHere.length;
  t.diagnostic(`${gets.length} GET routes answered HEAD like GET (${ok} with 200 and a body GET had)`);
});

test('HEAD honours If-None-Match like GET: 304, no body', async () => {
  const get = await api.call('GET', '/events/summit');
  const head = await api.call('HEAD', '/events/summit', { headers: { 'if-none-match': get.headers.get('etag')! } });
  assert.equal(head.status, 304);
  assert.equal(head.text, '');
});

test('405 names HEAD among the allowed methods where GET is allowed; HEAD of an unknown path is a bodiless 404', async () => {
  const wrong = await api.call('DELETE', '/events');
  assert.equal(wrong.status, 405);
  assert.deepEqual(wrong.headers.get('allow')!.split(', ').sort(), ['GET', 'HEAD']);
  const unknown = await api.call('HEAD', '/nothing/here');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.text, '');
});

/** A raw request, so the URL and headers can be larger than fetch allows. */
function rawRequest(path: string, headers: Record<string, string>): Promise<{ status: number; type: string | undefined; body: string }> {
  const { hostname, port } = new URL(api.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('an over-long URL is a 414 problem document, over-long headers a 431 one, at the limits AWS applies and beyond what Node parses', async () => {
  for (const size of [20_000, 70_000]) {
    // Beyond what Node parses (64 KB) a long URL cannot be told from long headers: a 431 document then.
    const longUrl = await rawRequest(`/events?q=${'a'.repeat(size)}`, {});
    const expected = size < 65_536 ? 414 : 431;
    assert.equal(longUrl.status, expected, `URL of ${size}`);
    assert.equal(longUrl.type, 'application/problem+json');
    assert.equal(JSON.parse(longUrl.body).status, expected);

    const longHeader = await rawRequest('/events', { 'x-padding': 'b'.repeat(size) });
    assert.equal(longHeader.status, 431, `header of ${size}`);
    assert.equal(longHeader.type, 'application/problem+json');
    const problem = JSON.parse(longHeader.body);
    assert.equal(problem.status, 431);
    assert.match(problem.detail, /headers/);
  }
  // Just under the limits the request is routed (8,192-byte URL, 10,240 bytes of request line and headers).
  const underUrl = await rawRequest(`/events?q=${'a'.repeat(8000)}`, {});
  assert.equal(underUrl.status, 400);
  assert.equal(JSON.parse(underUrl.body).errors[0].path, 'query.q');
  assert.equal((await rawRequest('/events', { 'x-padding': 'b'.repeat(9000) })).status, 200);
  // The server still answers afterwards.
  assert.equal((await api.call('GET', '/events')).status, 200);
});

test('the local server keeps idle connections longer than clients do, so that a client never reuses one it is closing', async () => {
  // Node's default (5 s) is shorter than a pause in a busy test; undici closes an idle connection
  // a little before the server's advertised timeout, and reusing one the server just closed is an ECONNRESET.
  const answer = await api.call('GET', '/events/summit');
  const advertised = /timeout=(\d+)/.exec(answer.headers.get('keep-alive') ?? '');
  assert.ok(advertised, `keep-alive: ${answer.headers.get('keep-alive')}`);
  assert.ok(Number(advertised[1]) >= 60, `idle connections kept ${advertised[1]} s`);
});
