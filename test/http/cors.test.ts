/**
 * CORS locally as API Gateway does it for the stack's `corsPreflight`, from
 * the same definition (lambda/api/cors.ts): every OPTIONS answered before
 * routing and authorizers, the allow headers for an allowed origin only, the
 * allow-origin and expose headers added to actual answers (errors included),
 * nothing for a refused origin; without origins, no CORS at all.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cors, parseOrigins } from '../../lambda/api/cors';
import { startTestApi, type TestApi } from '../support/api';

const allowed = 'https://schedule.example.org';
const refused = 'https://evil.example';
let api: TestApi;
let plain: TestApi;

before(async () => {
  api = await startTestApi({ corsOrigins: [allowed, 'http://localhost:5173'] });
  plain = await startTestApi();
});
after(async () => {
  await api.close();
  await plain.close();
});

const preflight = (target: TestApi, origin: string, method = 'PUT', path = '/events/summit') =>
  target.call('OPTIONS', path, { headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,if-match' } });

test('a preflight from an allowed origin is a 204 with the allowed methods, headers and max-age, on any path, before any authorizer', async () => {
  for (const path of ['/events/summit', '/events/summit/sessions/s1/reservation', '/nowhere']) {
    const answer = await preflight(api, allowed, 'PUT', path);
    assert.equal(answer.status, 204, path);
    assert.equal(answer.text, '');
    assert.equal(answer.headers.get('access-control-allow-origin'), allowed);
    assert.deepEqual(answer.headers.get('access-control-allow-methods')!.split(','), [...cors.allowMethods]);
    assert.deepEqual(answer.headers.get('access-control-allow-headers')!.split(','), cors.allowHeaders.map((h) => h.toLowerCase()));
    assert.equal(answer.headers.get('access-control-max-age'), '7200');
  }
});

test('a preflight from a refused origin gets no CORS headers, so the browser sends nothing', async () => {
  for (const origin of [refused, `${allowed}:8443`, 'http://schedule.example.org', 'null']) {
    const answer = await preflight(api, origin);
    assert.equal(answer.status, 204, origin);
    for (const [name] of answer.headers) assert.ok(!name.startsWith('access-control-'), `${origin}: ${name}`);
  }
});

test('actual answers carry allow-origin and expose-headers for an allowed origin (successes and problems alike), none for a refused one', async () => {
  const put = await api.call('PUT', '/events/cors-summit', { token: api.adminToken, headers: { origin: allowed }, body: { name: 'Summit', timezone: 'Asia/Seoul' } });
  assert.equal(put.status, 201, put.text);
  assert.equal(put.headers.get('access-control-allow-origin'), allowed);
  assert.deepEqual(put.headers.get('access-control-expose-headers')!.split(','), cors.exposeHeaders.map((h) => h.toLowerCase()));
  const read = await api.call('GET', '/events/cors-summit', { headers: { origin: allowed } });
  assert.equal(read.status, 200);
  assert.equal(read.headers.get('access-control-allow-origin'), allowed);
  // A 401 from the authorizer and a 404 from the fallback are API Gateway's answers too: CORS headers on them.
  const unauthorized = await api.call('PUT', '/events/other', { headers: { origin: allowed }, body: { name: 'x', timezone: 'UTC' } });
  assert.equal(unauthorized.status, 401);
  assert.equal(unauthorized.headers.get('access-control-allow-origin'), allowed);
  assert.equal((await api.call('GET', '/nowhere', { headers: { origin: allowed } })).headers.get('access-control-allow-origin'), allowed);
  const foreign = await api.call('GET', '/events/cors-summit', { headers: { origin: refused } });
  assert.equal(foreign.status, 200, 'CORS is the browser’s rule: the server answers, without the headers that let a page read it');
  for (const [name] of foreign.headers) assert.ok(!name.startsWith('access-control-'), name);
});

test('without allowed origins there is no CORS: OPTIONS reaches the routes (405 naming the methods) and answers carry no CORS headers', async () => {
  await plain.call('PUT', '/events/plain', { token: plain.adminToken, body: { name: 'Plain', timezone: 'UTC' } });
  const answer = await preflight(plain, allowed, 'PUT', '/events/plain');
  assert.equal(answer.status, 405);
  assert.match(answer.headers.get('allow') ?? '', /PUT/);
  for (const [name] of answer.headers) assert.ok(!name.startsWith('access-control-'), name);
  const read = await plain.call('GET', '/events/plain', { headers: { origin: allowed } });
  assert.equal(read.headers.get('access-control-allow-origin'), null);
});

test('origins are checked when read (CORS_ORIGINS, -c corsOrigins): a path, a trailing slash, * or a bare name is refused', () => {
  assert.deepEqual(parseOrigins(' https://a.example , http://localhost:5173 '), ['https://a.example', 'http://localhost:5173']);
  assert.deepEqual(parseOrigins(undefined), []);
  for (const bad of ['*', 'https://a.example/', 'https://a.example/path', 'a.example', 'ftp://a.example']) assert.throws(() => parseOrigins(bad), /not an origin/, bad);
});
