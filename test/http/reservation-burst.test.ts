/**
 * The rush: many attendees pressing "reserve" at once, each pressing twice
 * and retrying what fails, at a session with a few seats.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { auditSeats } from '../support/seat-audit';

const ATTENDEES = 240;
const CAPACITY = 12;
let api: TestApi;
let tokens: string[];

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id: 'hot', capacity: CAPACITY }) });
  assert.equal(created.status, 201);
  tokens = await Promise.all(Array.from({ length: ATTENDEES }, (_, i) => api.tokenFor(`attendee-${i}`)));
});
after(() => api.close());

/** Like a phone on a busy network: retries a 503 after Retry-After, up to a bound. */
async function reserveWithRetry(token: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await api.call('PUT', '/events/summit/sessions/hot/reservation', { token });
    if (result.status !== 503) return result;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  throw new Error('still 503 after 20 tries');
}

test(`${ATTENDEES} attendees, each pressing twice, at ${CAPACITY} seats: exactly ${CAPACITY} confirmed, the rest waitlisted 1..N with no gaps`, async () => {
  const started = performance.now();
  const results = await Promise.all(tokens.flatMap((token) => [reserveWithRetry(token), reserveWithRetry(token)]));
  const elapsed = performance.now() - started;
  assert.ok(results.every((r) => r.status === 201), `statuses: ${[...new Set(results.map((r) => r.status))]}`);
  // The two presses of one attendee answer the same.
  for (let i = 0; i < ATTENDEES; i++) {
    const [a, b] = [results[2 * i]!.body, results[2 * i + 1]!.body];
    assert.equal(a.status, b.status);
  }
  const { seats, confirmed, waiting } = await auditSeats(api.tableName, 'summit', 'hot');
  assert.equal(confirmed.length, CAPACITY);
  assert.equal(waiting.length, ATTENDEES - CAPACITY);
  assert.deepEqual(seats, { ...seats, taken: CAPACITY, waitlisted: ATTENDEES - CAPACITY });

  const mine = await Promise.all(tokens.map(async (token) => (await api.call('GET', '/me/reservations', { token })).body.items));
  assert.ok(mine.every((items) => items.length === 1), 'each attendee holds exactly one reservation');
  const positions = mine.flatMap((items) => (items[0].status === 'waitlisted' ? [items[0].position as number] : [])).sort((a, b) => a - b);
  assert.deepEqual(positions, Array.from({ length: ATTENDEES - CAPACITY }, (_, i) => i + 1));
  process.stdout.write(`# burst: ${results.length} requests in ${elapsed.toFixed(0)} ms (${((results.length / elapsed) * 1000).toFixed(0)} req/s)\n`);
});

test('cancellations hand seats to the waitlist in order, and positions close up', async () => {
  const reservations = await Promise.all(
    tokens.map(async (token) => ({ token, reservation: (await api.call('GET', '/me/reservations', { token })).body.items[0] })),
  );
  const byPosition = reservations.filter((r) => r.reservation.status === 'waitlisted').sort((a, b) => a.reservation.position - b.reservation.position);
  const leaving = reservations.filter((r) => r.reservation.status === 'confirmed').slice(0, 4);
  // Four seats free up at once.
  const cancelled = await Promise.all(leaving.map(({ token }) => api.call('DELETE', '/events/summit/sessions/hot/reservation', { token })));
  assert.ok(cancelled.every((r) => r.status === 204));
  for (const [index, { token }] of byPosition.entries()) {
    const now = (await api.call('GET', '/me/reservations', { token })).body.items[0];
    if (index < 4) assert.equal(now.status, 'confirmed', `position ${index + 1} is confirmed`);
    else if (index < 8) assert.equal(now.position, index + 1 - 4, 'the next ones move up by four');
  }
  const { confirmed, waiting } = await auditSeats(api.tableName, 'summit', 'hot');
  assert.equal(confirmed.length, CAPACITY);
  assert.equal(waiting.length, ATTENDEES - CAPACITY - 4);
});
