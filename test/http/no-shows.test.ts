/**
 * Releasing no-shows, on a clock the test moves: a session with
 * `releaseUncheckedAfterMinutes` gives every seat not checked in by its
 * deadline to the waitlist, in line order, one transaction each, over
 * several seat shards, keeping every reservation rule (seat audit); the
 * released keep their records as `released` and their codes stop working;
 * a seat given after the deadline is never released, so a sweep run again
 * releases nothing; sessions without the field are left alone; the field is
 * validated like any other.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { reservable, startTestApi, type TestApi } from '../support/api';
import { auditSeats } from '../support/seat-audit';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { createNoShowLists } from '../../lambda/store/no-show-lists';
import { sweepNoShows } from '../../lambda/attendance/no-shows';

let api: TestApi;
const fans: string[] = [];
const doc = createDocumentClient();
const MINUTE = 60_000;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
// Starts in ten minutes, so seats reserved now are held before its deadline (five minutes after the start).
const startsAt = new Date(Date.now() + 10 * MINUTE);
startsAt.setUTCSeconds(0, 0);
const deadline = startsAt.getTime() + 5 * MINUTE;

before(async () => {
  api = await startTestApi();
  const event = await api.call('PUT', '/events/today', { token: api.adminToken, body: { name: 'Today', timezone: 'UTC', days: [{ date: day(0) }, { date: day(1) }] } });
  assert.equal(event.status, 201, event.text);
  for (let i = 0; i < 8; i++) fans.push(await api.tokenFor(`fan-${i}`));
});
after(async () => {
  doc.destroy();
  await api.close();
});

const path = (id: string) => `/events/today/sessions/${id}`;
const slot = { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 60 * MINUTE).toISOString() };
const create = (id: string, overrides: Record<string, unknown>) => api.call('POST', '/events/today/sessions', { token: api.adminToken, body: reservable({ id, ...slot, speakerIds: [], track: undefined, ...overrides }) });
const reserve = async (who: number, id: string) => {
  const answer = await api.call('PUT', `${path(id)}/reservation`, { token: fans[who] });
  assert.equal(answer.status, 201, answer.text);
  return answer.body as { status: string; checkInCode?: string };
};
/** One sweep at `at`: its stores' clock is the same, so a seat it promotes is held from then. */
const sweepAt = (at: number) => sweepNoShows(createStores(doc, api.tableName, undefined, () => at), createNoShowLists(doc, api.tableName), new Date(at));

test('releaseUncheckedAfterMinutes is 1..240 minutes: anything else is a 400 naming it, and nothing is created; null removes it', async () => {
  for (const value of [0, 241, 2.5, '10']) {
    const refused = await create('never', { releaseUncheckedAfterMinutes: value });
    assert.equal(refused.status, 400, refused.text);
    assert.deepEqual(refused.body.errors.map((e: { path: string }) => e.path), ['body.releaseUncheckedAfterMinutes']);
  }
  assert.equal((await api.call('GET', path('never'))).status, 404);
  const made = await create('settable', { releaseUncheckedAfterMinutes: 15 });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.releaseUncheckedAfterMinutes, 15);
  const removed = await api.call('PATCH', path('settable'), { token: api.adminToken, headers: { 'if-match': made.headers.get('etag')! }, body: { releaseUncheckedAfterMinutes: null } });
  assert.equal(removed.status, 200, removed.text);
  assert.equal(removed.body.releaseUncheckedAfterMinutes, undefined);
});

test('at the deadline, unchecked seats go to the line in its order over every shard; the checked in stay; a second sweep releases nothing', async () => {
  assert.equal((await create('door', { capacity: 3, seatShards: 3, releaseUncheckedAfterMinutes: 5 })).status, 201);
  assert.equal((await create('open-door', { capacity: 3 })).status, 201);
  const codes: (string | undefined)[] = [];
  for (let who = 0; who < 6; who++) codes.push((await reserve(who, 'door')).checkInCode);
  await reserve(0, 'open-door');
  const organiser = await api.tokenFor('door-staff', { organiserOf: ['today'] });
  const checked = await api.call('POST', `${path('door')}/check-ins`, { token: organiser, body: { code: codes[1] } });
  assert.equal(checked.status, 201, checked.text);

  assert.deepEqual(await sweepAt(deadline - MINUTE), { sessions: 0, released: 0 }, 'nothing before the deadline');
  assert.deepEqual(await sweepAt(deadline + MINUTE), { sessions: 1, released: 2 });
  await auditSeats(api.tableName, 'today', 'door');

  const roster = await api.call('GET', `${path('door')}/roster?limit=100`, { token: organiser });
  assert.deepEqual(roster.body.counts, { capacity: 3, confirmed: 3, checkedIn: 1, waitlisted: 1 });
  const rows = roster.body.items.map((r: { status: string; attendeeId: string }) => `${r.status} ${r.attendeeId}`);
  // fan-0 and fan-2 were released; fan-3 and fan-4, first in line, took their seats; fan-5 still waits.
  assert.deepEqual(rows, ['confirmed fan-1', 'confirmed fan-3', 'confirmed fan-4', 'waitlisted fan-5']);
  for (const who of [0, 2]) {
    const mine = await api.call('GET', '/me/reservations?eventId=today', { token: fans[who] });
    assert.equal(mine.body.items.find((r: { sessionId: string }) => r.sessionId === 'door').status, 'released');
  }
  const released = await api.call('POST', `${path('door')}/check-ins`, { token: organiser, body: { code: codes[0] } });
  assert.equal(released.status, 409, released.text);
  assert.match(released.body.detail, /released/);

  // The promoted were seated after the deadline: sweeping again (a crash's rerun, the next minute) releases nobody.
  assert.deepEqual(await sweepAt(deadline + 2 * MINUTE), { sessions: 1, released: 0 });
  // The session without the field kept its unchecked seat.
  assert.deepEqual((await api.call('GET', path('open-door'))).body.seats, { capacity: 3, taken: 1, waitlisted: 0 });
  await auditSeats(api.tableName, 'today', 'door');
});
