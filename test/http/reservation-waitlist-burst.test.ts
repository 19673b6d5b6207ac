/**
 * 1,000 attendees press "reserve" at once on a session of 10 seats, and
 * each one told a waitlist position looks at it again while the rush goes
 * on. Every answer is recorded and checked afterwards: nobody leaves, so
 * each position is told to exactly one attendee, nobody's position ever
 * moves, and the line is the order in which positions were told.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pool } from '../../bench/support';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { auditSeats } from '../support/seat-audit';
import { AnswerLog, exceededPositions, sharedPositions, type Place } from '../support/waitlist-answers';

const ATTEMPTS = 1000;
const CAPACITY = 10;
/**
 * Requests in flight at once: a burst that keeps DynamoDB Local's one-at-a-time
 * transactions busy throughout (200 took four times as long beside other files and proved nothing more).
 */
const IN_FLIGHT = 25;
let api: TestApi;
let tokens: string[];

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id: 'rush', capacity: CAPACITY }) });
  assert.equal(created.status, 201, created.text);
  tokens = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => api.tokenFor(`rusher-${i}`)));
});
after(() => api.close());

let unavailable = 0;
let resets = 0;

/**
 * A phone on a busy network: retries a 503 after a moment, and a connection
 * the loaded local server reset (an idle keep-alive socket it closed just
 * as the request went out; both requests are safe to repeat). Neither tells
 * anything, so neither is an answer.
 */
async function persist(call: () => ReturnType<TestApi['call']>): ReturnType<TestApi['call']> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const result = await call().catch((error: Error) => {
      if ((error.cause as { code?: string } | undefined)?.code !== 'ECONNRESET') throw error;
      resets++;
      return undefined;
    });
    if (result && result.status !== 503) return result;
    if (result) unavailable++;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  throw new Error('no answer after 40 tries');
}

async function reserve(token: string): Promise<Place> {
  const result = await persist(() => api.call('PUT', '/events/summit/sessions/rush/reservation', { token }));
  assert.equal(result.status, 201, result.text);
  return result.body;
}

async function look(token: string): Promise<Place | undefined> {
  const result = await persist(() => api.call('GET', '/me/reservations?eventId=summit', { token }));
  assert.equal(result.status, 200, result.text);
  return result.body.items.find((r: { sessionId: string }) => r.sessionId === 'rush');
}

test(`${ATTEMPTS} joins at once on one session: every position told is true, and stays true`, async () => {
  const log = new AnswerLog();
  const started = performance.now();
  await pool([...tokens.keys()], IN_FLIGHT, async (i) => {
    const told = await log.ask(`rusher-${i}`, () => reserve(tokens[i]!));
    if (told?.status === 'waitlisted') await log.ask(`rusher-${i}`, () => look(tokens[i]!));
  });
  const elapsed = performance.now() - started;
  // Once it is quiet: everyone looks once more, a few at a time.
  const final = new Map<string, Place | undefined>();
  await pool([...tokens.keys()], 50, async (i) => {
    final.set(`rusher-${i}`, await log.ask(`rusher-${i}`, () => look(tokens[i]!)));
  });

  const broken = [...exceededPositions(log.answers), ...sharedPositions(log.answers)];
  const held = log.answers.length - new Set(broken.map((b) => b.broken)).size;
  const { confirmed, waiting } = await auditSeats(api.tableName, 'summit', 'rush');
  process.stdout.write(
    `# waitlist burst: ${ATTEMPTS} attempts (${unavailable} 503s and ${resets} reset connections retried) in ${elapsed.toFixed(0)} ms; ` +
      `${log.answers.length} answers recorded, ${held} held, ${log.answers.length - held} broken; ` +
      `${confirmed.length} confirmed, ${waiting.length} waitlisted\n`,
  );
  assert.deepEqual(broken.slice(0, 10).map((b) => b.message), [], `${broken.length} broken promises`);

  assert.equal(confirmed.length, CAPACITY);
  assert.equal(waiting.length, ATTEMPTS - CAPACITY);
  // The line, as stored, is the order in which positions were told: 1, 2, 3, … with no gap.
  const told = waiting.map((w) => final.get(w.attendeeId));
  assert.ok(told.every((place) => place?.status === 'waitlisted'));
  assert.deepEqual(told.map((place) => place?.position), waiting.map((_, i) => i + 1));
});
