/**
 * The local server's extras for the web page: the built page and
 * /config.json for paths that are not API routes (never outside web/dist),
 * and the development sign-in at POST /local/dev-token.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { buildWeb } from '../../local/build-web';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;

before(async () => {
  buildWeb();
  api = await startTestApi();
});
after(() => api.close());

/** GET with the path sent exactly as written (fetch would resolve `..` segments before sending). */
function rawGet(path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  const { hostname, port } = new URL(api.baseUrl);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, type: response.headers['content-type'], body }));
    }).on('error', reject).end();
  });
}

describe('the web page on the local server', () => {
  test('serves the page and its assets with their content types', async () => {
    for (const [path, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/assets/main.js', 'text/javascript; charset=utf-8'],
      ['/assets/styles.css', 'text/css; charset=utf-8'],
    ]) {
      const response = await fetch(`${api.baseUrl}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
    }
    assert.match(await (await fetch(`${api.baseUrl}/`)).text(), /<script type="module" src="\/assets\/main.js">/);
  });

  test('/config.json tells the page to use the local sign-in', async () => {
    assert.deepEqual(await (await fetch(`${api.baseUrl}/config.json`)).json(), { mode: 'local', liveUrl: '/live' });
  });

  test('API routes still answer as the API; a missing asset is the API 404', async () => {
    const events = await api.call('GET', '/events');
    assert.equal(events.status, 200);
    assert.match(events.headers.get('content-type')!, /application\/json/);
    const missing = await api.call('GET', '/assets/nope.js');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/problem+json');
    assert.equal((await api.call('POST', '/')).status, 404);
  });

  test('nothing outside web/dist is reachable', async () => {
    for (const path of ['/assets/../../package.json', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/assets/x%00.js', '/assets/%E0%A4%A']) {
      const response = await rawGet(path);
      assert.ok(response.status === 404 || response.status === 400, `${path}: ${response.status}`);
      assert.doesNotMatch(response.body, /"devDependencies"/, path);
    }
  });
});

describe('POST /local/dev-token', () => {
  const signIn = (body: string) => fetch(`${api.baseUrl}/local/dev-token`, { method: 'POST', body });

  test('gives a token the API accepts: an attendee token, or a staff token with admin or organiser rights only when asked', async () => {
    const attendee = (await (await signIn('{"sub":"alice"}')).json()) as { token: string };
    assert.equal((await api.call('GET', '/me/reservations', { token: attendee.token })).status, 200);
    assert.equal((await api.call('PUT', '/speakers/someone', { token: attendee.token, body: { name: 'x' } })).status, 401);
    const admin = (await (await signIn('{"sub":"alice","admin":true}')).json()) as { token: string };
    assert.equal((await api.call('PUT', '/speakers/someone', { token: admin.token, body: { name: 'x' } })).status, 201);
    const organiser = (await (await signIn('{"sub":"bob","organiserOf":["elsewhere"]}')).json()) as { token: string };
    // Past the access check to the body's validation: 400, not 403.
    assert.equal((await api.call('POST', '/events/elsewhere/sessions', { token: organiser.token, body: {} })).status, 400);
    assert.equal((await api.call('POST', '/events/other/sessions', { token: organiser.token, body: {} })).status, 403);
  });

  test('refuses an attendee id that is not a slug, a bad admin flag, event ids that are not slugs and a body that is not JSON, naming the field', async () => {
    const bad = await signIn('{"sub":"Alice Smith","admin":"yes","organiserOf":["Summit"]}');
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    const problem = (await bad.json()) as { errors: { path: string }[] };
    assert.deepEqual(problem.errors.map((e) => e.path), ['body.sub', 'body.admin', 'body.organiserOf']);
    assert.equal((await signIn('not json')).status, 400);
    assert.equal((await signIn('{}')).status, 400);
  });

  test('only POST', async () => {
    const get = await fetch(`${api.baseUrl}/local/dev-token`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });
});
