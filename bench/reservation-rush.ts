/**
 * The rush: thousands of reservation attempts from many attendees at a few
 * small sessions, through the HTTP API, all at once. Prints throughput,
 * latency, outcomes, and the invariants checked afterwards.
 */
import { auditSeats } from '../test/support/seat-audit';
import { pool, summarize, ms, type BenchEnv } from './support';

export interface RushOptions {
  sessions: number;
  capacity: number;
  attendees: number;
  attemptsPerAttendee: number;
  concurrency: number;
}

export async function reservationRush(env: BenchEnv, options: RushOptions): Promise<void> {
  const { sessions, capacity, attendees, attemptsPerAttendee, concurrency } = options;
  const admin = { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' };
  await fetch(`${env.baseUrl}/events/rush`, {
    method: 'PUT',
    headers: admin,
    // A day still ahead: a session that has ended takes no reservations.
    body: JSON.stringify({ name: 'Rush', timezone: 'Asia/Seoul', days: [{ date: '2099-05-16' }] }),
  });
  const sessionIds = Array.from({ length: sessions }, (_, i) => `hot-${i}`);
  for (const id of sessionIds) {
    await fetch(`${env.baseUrl}/events/rush/sessions`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ id, title: `Popular talk ${id}`, capacity, startsAt: '2099-05-16T13:00:00+09:00', endsAt: '2099-05-16T13:40:00+09:00' }),
    });
  }
  const tokens = await Promise.all(Array.from({ length: attendees }, (_, i) => env.auth.sign({ sub: `rush-${i}` })));
  // Each attendee presses "reserve" on a random popular session, several times (impatient double clicks).
  const attempts = tokens.flatMap((token, i) =>
    Array.from({ length: attemptsPerAttendee }, () => ({ token, sessionId: sessionIds[i % sessions]! })),
  );
  attempts.sort(() => Math.random() - 0.5);

  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  await pool(attempts, concurrency, async ({ token, sessionId }) => {
    const t0 = performance.now();
    const response = await fetch(`${env.baseUrl}/events/rush/sessions/${sessionId}/reservation`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { status?: string };
    latencies.push(performance.now() - t0);
    const key = response.status === 201 ? String(body.status) : `http ${response.status}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }, 'reservation attempts');
  const elapsed = performance.now() - started;
  const stats = summarize(latencies);

  let confirmed = 0;
  let waiting = 0;
  for (const id of sessionIds) {
    const audit = await auditSeats(env.tableName, 'rush', id);
    confirmed += audit.confirmed.length;
    waiting += audit.waiting.length;
  }
  console.log('reservation rush');
  console.log(`  ${attempts.length} attempts by ${attendees} attendees at ${sessions} sessions of ${capacity} seats, ${concurrency} in flight`);
  console.log(`  throughput ${((attempts.length / elapsed) * 1000).toFixed(0)} req/s, p50 ${ms(stats.p50)}, p99 ${ms(stats.p99)}, max ${ms(stats.max)}`);
  console.log(`  answers: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  after the burst: ${confirmed} confirmed (= ${sessions} × ${capacity}), ${waiting} waitlisted, ${confirmed + waiting} of ${attendees} attendees hold one place each`);
  console.log('  invariants: counters = recount, confirmed ≤ capacity, no waiting while a seat is free, nobody twice — all checked');
  if (confirmed !== sessions * capacity || confirmed + waiting !== attendees) throw new Error('invariant broken');
}
