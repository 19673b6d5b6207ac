/**
 * Who the caller is, exactly: the groups claim as API Gateway hands it over,
 * a `sub` the API can store, access tokens only, and each user pool on its
 * own routes (attendees on attendee routes, staff with MFA on organiser routes).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type CallResult, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'kept' }) });
  assert.equal(created.status, 201, created.text);
});
after(() => api.close());

function assertProblem(result: CallResult, status: number) {
  assert.equal(result.status, status, result.text);
  assert.equal(result.headers.get('content-type'), 'application/problem+json');
  if (status === 401) assert.match(result.headers.get('www-authenticate') ?? '', /^Bearer/);
}

const putSpeaker = (token: string, id: string) => api.call('PUT', `/speakers/${id}`, { token, body: { name: 'Someone' } });

describe('cognito:groups', () => {
  test('one bracket pair, split on whitespace, whole names: "[staff,admin]", "[admin", "[admin2]" and "[[admin]]" are not admin', async () => {
    const forged = [
      await api.auth.sign({ sub: 'mallory', groups: ['staff,admin'] }),
      await api.auth.sign({ sub: 'mallory', pool: 'staff', claims: { 'cognito:groups': '[admin' } }),
      await api.auth.sign({ sub: 'mallory', pool: 'staff', claims: { 'cognito:groups': 'admin' } }),
      await api.auth.sign({ sub: 'mallory', groups: ['admin2'] }),
      await api.auth.sign({ sub: 'mallory', groups: ['[admin]'] }),
      await api.auth.sign({ sub: 'mallory', groups: ['organiser:summit,admin'] }),
    ];
    for (const [i, token] of forged.entries()) {
      assertProblem(await putSpeaker(token, `forged-${i}`), 403);
      assert.equal((await api.call('GET', `/speakers/forged-${i}`)).status, 404);
    }
  });

  test('"[staff admin]" is admin: whole names separated by whitespace', async () => {
    const token = await api.auth.sign({ sub: 'carol', groups: ['staff', 'admin'] });
    assert.equal((await putSpeaker(token, 'carols-guest')).status, 201);
  });
});

describe('sub', () => {
  test('a sub the API cannot store or address is 401, never a 500', async () => {
    for (const sub of ['a'.repeat(3000), 'Alice', 'alice#1', 'alice/bob', '-alice', 'a'.repeat(65), '앨리스']) {
      const token = await api.auth.sign({ sub });
      assertProblem(await api.call('PUT', '/me/agenda/summit/kept', { token }), 401);
      assertProblem(await api.call('GET', '/me/reservations', { token }), 401);
      const staff = await api.auth.sign({ sub, admin: true });
      assertProblem(await putSpeaker(staff, 'by-odd-sub'), 401);
    }
    assert.equal((await api.call('GET', '/speakers/by-odd-sub')).status, 404);
  });

  test('a Cognito sub (a UUID) is an attendee id', async () => {
    const token = await api.auth.sign({ sub: '8f14e45f-ceea-467f-a0e6-9d5c1b2f3a4b' });
    assert.equal((await api.call('PUT', '/me/agenda/summit/kept', { token })).status, 204);
    const agenda = await api.call('GET', '/me/reservations', { token });
    assert.equal(agenda.status, 200, agenda.text);
  });
});

describe('access tokens only', () => {
  test('an ID token (token_use id, aud instead of client_id, no scope) is 401', async () => {
    const id = await api.auth.sign({ sub: 'alice', claims: { token_use: 'id', aud: 'session-catalogue-local', client_id: undefined, scope: undefined } });
    assertProblem(await api.call('PUT', '/me/agenda/summit/kept', { token: id }), 401);
    const adminId = await api.auth.sign({ sub: 'alice', admin: true, claims: { token_use: 'id', scope: undefined } });
    assertProblem(await putSpeaker(adminId, 'by-id-token'), 401);
    assert.equal((await api.call('GET', '/speakers/by-id-token')).status, 404);
  });

  test('an access token of another app client, or one marked as an ID token, is 401', async () => {
    const otherClient = await api.auth.sign({ sub: 'alice', claims: { client_id: 'someone-elses-app' } });
    assertProblem(await api.call('GET', '/me/reservations', { token: otherClient }), 401);
    const mislabelled = await api.auth.sign({ sub: 'alice', claims: { token_use: 'id' } });
    assertProblem(await api.call('GET', '/me/reservations', { token: mislabelled }), 401);
    assert.equal((await api.call('GET', '/me/reservations', { token: await api.tokenFor('alice') })).status, 200);
  });
});

describe('two user pools', () => {
  test('an attendee token is 401 on an organiser route; a staff token is 401 on an attendee route', async () => {
    const attendee = await api.tokenFor('alice');
    assertProblem(await putSpeaker(attendee, 'by-attendee'), 401);
    assertProblem(await api.call('GET', '/me/reservations', { token: api.adminToken }), 401);
    const organiser = await api.tokenFor('bob', { organiserOf: ['summit'] });
    assertProblem(await api.call('PUT', '/me/agenda/summit/kept', { token: organiser }), 401);
    assert.equal((await api.call('GET', '/speakers/by-attendee')).status, 404);
  });

  test('a staff member in no group may do nothing', async () => {
    const staff = await api.auth.sign({ sub: 'dave', pool: 'staff' });
    assertProblem(await putSpeaker(staff, 'by-nobody'), 403);
    assertProblem(await api.call('POST', '/events/summit/sessions', { token: staff, body: session({ id: 'by-nobody' }) }), 403);
    assert.equal((await api.call('GET', '/events/summit/sessions/by-nobody')).status, 404);
  });
});
