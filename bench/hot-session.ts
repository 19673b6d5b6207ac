/**
 * Issue 12's hot-session row: one session rushed at a rate of reservation
 * attempts far past what one partition takes, through the local API, with
 * DynamoDB's per-partition limits simulated below the SDK's retry layer
 * (test/support/partition-meter.ts: 1,000 write and 3,000 read units a
 * second per partition key), once with one seat shard and once with many.
 *
 * DynamoDB Local cannot run thousands of attempts in a real second, so the
 * simulation keeps its own time: the clock moves by one attempt in `rate`
 * seconds each time an attempt is answered, whether accepted or not. An
 * attempt's requests are metered in the simulated second in which they are
 * sent, the blocks of places are timed by the same clock, and what a
 * second's capacity cannot take is refused as DynamoDB refuses it: the SDK
 * backs off and retries, the service retries transactions, and what still
 * fails is a 503. Accepted attempts per simulated second is then what the
 * design takes at that offered rate, whatever the speed of this machine.
 * (Back-offs are real milliseconds, so they pass faster in simulated time
 * than in AWS: a refused attempt gives up sooner, which does not change how
 * many a second's capacity accepts.)
 */
import { randomBytes } from 'node:crypto';
import { PartitionMeter } from '../test/support/partition-meter';
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { freePort } from '../test/support/ports';
import { createStores } from '../lambda/store/stores';
import { ensureTable } from '../local/create-table';
import { startLocalApiOnFreePort } from '../local/server';
import { createLocalImportRunner } from '../local/import-runner';
import { MAX_SEAT_SHARDS } from '../lambda/domain/seat-shards';
import { auditSeats } from '../test/support/seat-audit';
import { noWebhooks, pool, type BenchEnv, type GoalRow } from './support';

export interface HotSessionOptions {
  /** Attempts offered per simulated second. */
  rate: number;
  /** How many simulated seconds the rush lasts (a whole number: the limits hold per second). */
  seconds: number;
  capacity: number;
  /** Requests in flight; more only costs memory, the clock does not depend on it. */
  concurrency: number;
}

export interface HotSessionRun {
  shards: number;
  attempts: number;
  accepted: number;
  refused: number;
  other: number;
  heldThoughRefused: number;
  perSecond: number;
  /** The partitions that wrote the most, their units in their busiest second, and how many of their requests were refused. */
  busiest: { partition: string; peakUnits: number; throttled: number }[];
  realSeconds: number;
}

/** One rush at one session with `shards` seat shards, on a table and local API of its own. */
export async function hotSessionRun(env: BenchEnv, shards: number, options: HotSessionOptions): Promise<HotSessionRun> {
  const { rate, seconds, capacity, concurrency } = options;
  let answered = 0;
  const clock = () => (answered / rate) * 1000;
  const meter = new PartitionMeter({ clock });
  // A DynamoDB Local of its own: the bench's shared one, holding the reads' 3,000 sessions and their stream, ran
  // this rush five times slower and once left a request unanswered past the client's 300 s.
  const engine = await startDynamoDbLocal({ port: await freePort() });
  const doc = createDocumentClient({ endpoint: engine.endpoint, requestHandler: meter as never });
  const tableName = `hot-${randomBytes(4).toString('hex')}`;
  await ensureTable(doc, tableName);
  const stores = createStores(doc, tableName, undefined, clock);
  const { server, baseUrl } = await startLocalApiOnFreePort(() => stores, env.auth, { webhooks: noWebhooks, imports: createLocalImportRunner(stores) });
  try {
    const admin = { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' };
    await fetch(`${baseUrl}/events/hot`, { method: 'PUT', headers: admin, body: JSON.stringify({ name: 'Hot', timezone: 'Asia/Seoul', days: [] }) });
    const created = await fetch(`${baseUrl}/events/hot/sessions`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ id: 'keynote', title: 'The keynote everyone wants', capacity, seatShards: shards }),
    });
    if (created.status !== 201) throw new Error(`session: ${created.status} ${await created.text()}`);
    meter.peakWritten.clear();
    meter.throttled.clear();

    const attempts = rate * seconds;
    const fans = Array.from({ length: attempts }, (_, i) => `fan-${shards}-${i}`);
    const tokens = new Map(await Promise.all(fans.map(async (sub) => [sub, await env.auth.sign({ sub })] as const)));
    const acceptedFans = new Set<string>();
    let refused = 0;
    let other = 0;
    const started = performance.now();
    await pool(fans, concurrency, async (fan) => {
      const response = await fetch(`${baseUrl}/events/hot/sessions/keynote/reservation`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.get(fan)}` } });
      await response.arrayBuffer();
      if (response.status === 201) acceptedFans.add(fan);
      else if (response.status === 503) refused++;
      else other++;
      answered++;
    }, `${shards} shard${shards === 1 ? '' : 's'}: reservation attempts`);
    const realSeconds = (performance.now() - started) / 1000;
    const accepted = acceptedFans.size;
    // The rules held through it all: counters equal a recount on every shard, nobody oversold, the line in order.
    // A request refused (503) may leave its place in line unbound when its give-up is refused too: allowed, that many.
    const { confirmed, waiting } = await auditSeats(tableName, 'hot', 'keynote', { abandoned: refused + other, endpoint: engine.endpoint });
    const holders = new Set([...confirmed, ...waiting.map((w) => w.attendeeId)]);
    const lost = [...acceptedFans].filter((fan) => !holders.has(fan));
    if (confirmed.length !== Math.min(capacity, holders.size) || lost.length > 0 || holders.size > accepted + refused + other) {
      throw new Error(`${shards} shard(s): ${accepted} accepted (${lost.length} of them hold nothing), ${confirmed.length} confirmed and ${waiting.length} waiting`);
    }
    const byPeak = [...meter.peakWritten].map(([partition, peakUnits]) => ({ partition, peakUnits, throttled: meter.throttled.get(partition) ?? 0 }));
    byPeak.sort((a, b) => b.peakUnits - a.peakUnits);
    return {
      shards,
      attempts,
      // Refused, yet holding a place: the write went through and a read for the answer (the position) was throttled; asking again answers it.
      heldThoughRefused: holders.size - accepted,
      accepted,
      refused,
      other,
      perSecond: accepted / seconds,
      busiest: byPeak.slice(0, 3),
      realSeconds,
    };
  } finally {
    server.closeAllConnections();
    server.close();
    doc.destroy();
    await engine.stop();
  }
}

/** Issue 12's row: a rush at one shard, and at the most shards a session may have; prints both and returns the row. */
export async function hotSessionReport(env: BenchEnv, options: HotSessionOptions): Promise<GoalRow> {
  const runs: HotSessionRun[] = [];
  for (const shards of [1, MAX_SEAT_SHARDS]) runs.push(await hotSessionRun(env, shards, options));
  console.log('one hot session (simulated per-partition limits: 1,000 WCU and 3,000 RCU a second each)');
  console.log(`  ${options.rate} attempts offered per simulated second for ${options.seconds} s, ${options.capacity} seats, ${options.concurrency} in flight`);
  for (const run of runs) {
    console.log(
      `  ${String(run.shards).padStart(2)} shard(s): ${run.accepted} accepted, ${run.refused} refused (503; ${run.heldThoughRefused} of them written, their answer's read refused), ${run.other} other: ${Math.round(run.perSecond)} accepted/s;` +
        ` busiest partitions (WCU in their busiest second, requests refused): ${run.busiest.map((b) => `${b.partition.replace(/^EVENT#hot#SESSION#keynote/, '…') || 'session'} ${b.peakUnits}, ${b.throttled}`).join('; ')} (${run.realSeconds.toFixed(0)} s real)`,
    );
  }
  console.log('  after each rush: every shard counter equals a recount, confirmed = capacity, every accepted attempt holds one place, nobody two — checked');
  const [one, many] = [Math.round(runs[0]!.perSecond), Math.round(runs[1]!.perSecond)];
  console.log(`one hot session ≥ 5,000 attempts/s: measured ${many} (1 shard: ${one})`);
  return {
    goal: 'one hot session: reservation attempts per simulated second',
    target: '≥ 5,000/s',
    measured: `${many}/s over ${MAX_SEAT_SHARDS} shards, ${options.rate}/s offered (1 shard: ${one}/s)`,
    held: many >= 5000,
  };
}
