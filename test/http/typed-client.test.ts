/**
 * A client typed from the OpenAPI document alone (openapi-typescript's types
 * in lambda/api/openapi-types.ts, openapi-fetch) works against the local
 * server: create an event and a session, list, read one, reserve. `npm test`
 * type-checks this file first (tsc), so a path, parameter or field the
 * document does not have is a compile error, not a runtime surprise; the
 * @ts-expect-error lines prove it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import createClient from 'openapi-fetch';
import type { paths } from '../../lambda/api/openapi-types';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.close());

test('create an event and a session, list, get one and reserve with the typed client', async () => {
  const client = createClient<paths>({ baseUrl: api.baseUrl });
  const staff = { Authorization: `Bearer ${api.adminToken}` };
  const attendee = { Authorization: `Bearer ${await api.tokenFor('typed-alice')}` };
  const eventId = 'typed-summit';

  const event = await client.PUT('/events/{eventId}', {
    params: { path: { eventId } },
    headers: staff,
    body: { name: 'Typed Summit', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }], tracks: ['Main'] },
  });
  assert.equal(event.response.status, 201, JSON.stringify(event.error));
  assert.equal(event.data?.name, 'Typed Summit');
  assert.equal(event.response.headers.get('location'), `/events/${eventId}`);

  const created = await client.POST('/events/{eventId}/sessions', {
    params: { path: { eventId } },
    headers: staff,
    // Unscheduled, so it takes reservations whatever today's date.
    body: { id: 'typed-talk', title: 'Types all the way down', track: 'Main', capacity: 1 },
  });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  assert.equal(created.data?.seats.capacity, 1);

  const list = await client.GET('/events/{eventId}/sessions', { params: { path: { eventId }, query: { track: ['Main'], limit: 10 } } });
  assert.deepEqual(list.data?.items.map((s) => s.id), ['typed-talk']);
  assert.equal(list.data?.nextCursor, null);

  const one = await client.GET('/events/{eventId}/sessions/{sessionId}', { params: { path: { eventId, sessionId: 'typed-talk' } } });
  assert.equal(one.data?.title, 'Types all the way down');
  assert.deepEqual(one.data?.speakers, []);

  const reserved = await client.PUT('/events/{eventId}/sessions/{sessionId}/reservation', { params: { path: { eventId, sessionId: 'typed-talk' } }, headers: attendee });
  assert.equal(reserved.response.status, 201, JSON.stringify(reserved.error));
  assert.equal(reserved.data?.status, 'confirmed');

  const full = await client.GET('/events/{eventId}/sessions/{sessionId}', { params: { path: { eventId, sessionId: 'typed-talk' } } });
  assert.deepEqual(full.data?.seats, { capacity: 1, taken: 1, waitlisted: 0 });

  // A failure arrives typed as the problem document.
  const missing = await client.GET('/events/{eventId}', { params: { path: { eventId: 'no-such-event' } } });
  assert.equal(missing.response.status, 404);
  assert.equal(missing.error?.type, '/problems/not-found');

  if (process.env.NEVER) {
    // Never run: tsc must reject each of these (a wrong field, a wrong path, a missing parameter).
    // @ts-expect-error `titel` is no field of a session
    await client.POST('/events/{eventId}/sessions', { params: { path: { eventId } }, body: { titel: 'x' } });
    // @ts-expect-error there is no such path
    await client.GET('/events/{eventId}/session', { params: { path: { eventId } } });
    // @ts-expect-error sessionId is required
    await client.GET('/events/{eventId}/sessions/{sessionId}', { params: { path: { eventId } } });
    // @ts-expect-error a session has no `name`
    void one.data?.name;
  }
});
