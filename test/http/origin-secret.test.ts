/**
 * The API answers only requests that came through CloudFront, which adds the
 * origin secret as X-Origin-Verify: anything else is a 403 problem document
 * before routing, authorization or any read, whatever the route, method or
 * token. Locally the check is on when a secret is set (ORIGIN_SECRET).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ORIGIN_SECRET_HEADER } from '../../lambda/api/http';
import { session, startTestApi, type TestApi } from '../support/api';
import { RequestLog } from '../support/request-log';

const secret = randomBytes(32).toString('base64url');
const log = new RequestLog();
let api: TestApi;

before(async () => {
  api = await startTestApi({ originSecret: secret, clientConfig: { requestHandler: log as never } });
});
after(() => api.close());

test('a request without the origin secret, or with another, is a 403 problem document and does no work', async (t) => {
  const through = { [ORIGIN_SECRET_HEADER]: secret };
  assert.equal((await api.call('PUT', '/events/summit', { token: api.adminToken, headers: through, body: { name: 'Summit', timezone: 'Asia/Seoul' } })).status, 201);
  log.take();

  const attempts: [string, string, object][] = [
    ['GET', '/events', {}],
    ['HEAD', '/events/summit', {}],
    ['GET', '/events/summit/sessions?q=graviton', {}],
    ['POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'sneaked' }) }],
    ['PUT', '/events/summit/sessions/x/reservation', { token: await api.tokenFor('alice') }],
    ['GET', '/nowhere', {}],
    ['DELETE', '/events', {}],
  ];
  const forged = ['', secret.slice(0, -1), `${secret}x`, secret.toUpperCase(), randomBytes(32).toString('base64url')];
  let refused = 0;
  for (const [method, path, options] of attempts) {
    for (const value of [undefined, ...forged]) {
      const headers: Record<string, string> = value === undefined ? {} : { [ORIGIN_SECRET_HEADER]: value };
      const answer = await api.call(method, path, { ...options, headers });
      assert.equal(answer.status, 403, `${method} ${path} with ${value === undefined ? 'no header' : JSON.stringify(value)}`);
      if (method !== 'HEAD') {
        assert.equal(answer.headers.get('content-type'), 'application/problem+json');
        assert.match(answer.body.detail, /public address/);
      }
      refused++;
    }
  }
  assert.deepEqual(log.take(), [], 'a refused request reached DynamoDB');
  // The refused POST made nothing; with the secret the API answers as usual.
  assert.equal((await api.call('GET', '/events/summit/sessions/sneaked', { headers: through })).status, 404);
  assert.equal((await api.call('GET', '/events', { headers: { [ORIGIN_SECRET_HEADER.toUpperCase()]: secret } })).status, 200);
  t.diagnostic(`${refused} requests (${attempts.length} routes × ${forged.length + 1} headers) refused with 403, 0 DynamoDB requests`);
});
