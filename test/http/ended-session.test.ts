/** A session that has ended takes no new reservations: 409 with the reason, and nothing is written. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let alice: string;

before(async () => {
  api = await startTestApi();
  alice = await api.tokenFor('alice');
  const event = await api.call('PUT', '/events/then-and-now', {
    token: api.adminToken,
    body: { name: 'Then and now', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }, { date: '2099-05-16' }] },
  });
  assert.equal(event.status, 201, event.text);
  for (const [id, slot] of [
    ['over', { startsAt: '2024-05-16T10:00:00+09:00', endsAt: '2024-05-16T10:40:00+09:00' }],
    ['ahead', { startsAt: '2099-05-16T10:00:00+09:00', endsAt: '2099-05-16T10:40:00+09:00' }],
    ['unscheduled', {}],
  ] as const) {
    const created = await api.call('POST', '/events/then-and-now/sessions', { token: api.adminToken, body: { id, title: id, capacity: 5, ...slot } });
    assert.equal(created.status, 201, created.text);
  }
});
after(() => api.close());

const reserve = (id: string) => api.call('PUT', `/events/then-and-now/sessions/${id}/reservation`, { token: alice });

test('reserving a session that has ended is 409 saying when it ended, and writes nothing', async () => {
  const result = await reserve('over');
  assert.equal(result.status, 409, result.text);
  assert.equal(result.headers.get('content-type'), 'application/problem+json');
  assert.match(result.body.detail, /ended at 2024-05-16T10:40:00\+09:00/);
  assert.deepEqual((await api.call('GET', '/me/reservations', { token: alice })).body.items, []);
  assert.deepEqual((await api.call('GET', '/events/then-and-now/sessions/over')).body.seats, { capacity: 5, taken: 0, waitlisted: 0 });
});

test('a session still ahead, or not scheduled yet, takes reservations', async () => {
  for (const id of ['ahead', 'unscheduled']) {
    const result = await reserve(id);
    assert.equal(result.status, 201, `${id}: ${result.text}`);
    assert.equal(result.body.status, 'confirmed');
  }
});
