/**
 * kill -9 while a big session is being deleted. The real local run
 * (`local/start.ts`: the API, the stream consumers, the deletion sweep) runs
 * as a child process on a table of its own in the test DynamoDB Local, which
 * plays the part DynamoDB plays in AWS: it outlives the crash, and whatever
 * the run had sent it before dying still lands. A session with 500
 * reservations (400 seats, 100 on the waitlist), bookmarks, poll votes and
 * reviews is deleted and the run is killed with SIGKILL at a random moment
 * of that delete. After a restart, with no further request, nothing of the
 * session may be left anywhere in the table, and the same id created again
 * must start empty. Five attempts; the counts are printed (CRASH_SEED
 * replays the kill moments of a run).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { pool } from '../../bench/support';
import { reserveFor } from '../support/fill-seats';
import { castVote, createPoll } from '../../lambda/engagement/polls';
import { writeReview } from '../../lambda/engagement/reviews';
import { putEvent } from '../../lambda/catalogue/resources';
import { eventInput } from '../../lambda/domain/schemas';
import { ensureTable } from '../../local/create-table';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { freePort } from '../support/ports';
import { createLocalAuth } from '../../local/dev-auth';
import { sessionItems, sessionLeftovers, waitForNoLeftovers } from '../support/session-leftovers';

const ATTEMPTS = 5;
const CAPACITY = 400;
const ATTENDEES = 500;
const BOOKMARKERS = 20;
const VOTERS = 20;
const REVIEWERS = 10;
/**
 * The kill comes this long (at most) after the DELETE is sent, more often
 * early on (where the delete's own transaction is): before it commits,
 * during its cleanup, or after.
 */
const KILL_WINDOW_MS = 1500;
const EVENT = 'crash-summit';
const SESSION = 'packed-hall';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'catalogue-delete-crash-'));
const table = `crash-${randomBytes(4).toString('hex')}`;
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a seeded random sequence, so a failing run can be replayed with CRASH_SEED. */
function random(): number {
  let t = (state += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
let state = seed;

interface LocalRun {
  child: ChildProcess;
  baseUrl: string;
  log: string[];
}

let running: LocalRun | undefined;

/** Starts `local/start.ts` in its own process group, on the test DynamoDB Local and a free port. */
async function startRun(): Promise<LocalRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, EXISTING_DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT, DATA_DIR: dataDir, PORT: '0', TABLE_NAME: table };
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const run: LocalRun = { child, baseUrl: '', log };
  running = run;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local run did not start within 60 s:\n${log.join('')}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.push(chunk.toString());
      const url = /API on (http:\/\/\S+)/.exec(log.join(''))?.[1];
      if (url && !run.baseUrl) {
        run.baseUrl = url;
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!run.baseUrl) reject(new Error(`the local run exited (${code}):\n${log.join('')}`));
    });
  });
  return run;
}

/** SIGKILL to the whole run (its process group). */
async function killRun(run: LocalRun): Promise<void> {
  // A run that died by itself has no exit left to wait for, and is a failure of its own.
  if (run.child.exitCode !== null || run.child.signalCode !== null) {
    throw new Error(`the local run exited by itself (${run.child.exitCode ?? run.child.signalCode}); its log ends:\n${run.log.join('').slice(-3000)}`);
  }
  const exited = new Promise((done) => run.child.once('exit', done));
  process.kill(-run.child.pid!, 'SIGKILL');
  await exited;
  running = undefined;
}

/** Whatever happens to the test (a failure, its timeout), no local run or data outlives it. */
function killLeftovers() {
  if (running) {
    try {
      process.kill(-running.child.pid!, 'SIGKILL');
    } catch {
      // gone already
    }
    running = undefined;
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.once('exit', killLeftovers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killLeftovers();
    process.exit(1);
  });
}

// An engine of its own, stopped at the end: runs killed with their stream reads under way left the
// shared engine 5 to 10 times slower for the next file on it (a 13 s rush took 118-136 s), even with
// this test's table deleted.
const engine = await startDynamoDbLocal({ port: await freePort() });
process.env.DYNAMODB_ENDPOINT = engine.endpoint;
process.once('exit', () => engine.process.kill('SIGKILL'));
const doc = createDocumentClient();
const stores = createStores(doc, table);
after(async () => {
  killLeftovers();
  doc.destroy();
  await engine.stop();
});

/** What the test did and when: printed as it goes, and the message if it runs out of time. */
const timeline: string[] = [];
const begun = performance.now();
const progress = (line: string) => {
  timeline.push(`${((performance.now() - begun) / 1000).toFixed(1)} s: ${line}`);
  process.stdout.write(`# ${line}\n`);
};

/**
 * Fails with the timeline and the run's log when `work` is not done within
 * `ms`: the runner's own timeout would say only that the time ran out.
 */
async function withinBudget(ms: number, work: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`not done within ${ms / 1000} s; what it did:\n${timeline.join('\n')}\nthe run's log ends:\n${running?.log.join('').slice(-3000) ?? '(no run)'}`)),
      ms,
    );
  });
  try {
    await Promise.race([work(), overrun]);
  } finally {
    clearTimeout(timer);
  }
}

async function call(run: LocalRun, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${run.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

const fan = (i: number) => `fan-${i}`;
const fans = (count: number) => Array.from({ length: count }, (_, i) => fan(i));

const sessionBody = () => {
  const now = Date.now();
  return {
    id: SESSION,
    title: 'A talk everyone wants to hear',
    type: 'keynote',
    track: 'Main',
    room: 'Hall A',
    // Started an hour ago (reviews are open), ends in 20 hours (reservations are open).
    startsAt: new Date(now - 3600_000).toISOString(),
    endsAt: new Date(now + 20 * 3600_000).toISOString(),
    capacity: CAPACITY,
    speakerIds: [],
  };
};

/** What the first fill wrote, item by item: the later attempts write the same items back. */
let filled: Record<string, unknown>[] | undefined;

/**
 * Creates the session through the run's API and fills it: the first time
 * through the use cases the API calls (the same items, without 600 HTTP
 * round trips): reservations (seats and waitlist), bookmarks, a poll with
 * votes, reviews. Later attempts write back the items the first one made,
 * a batch at a time, instead of 500 reservations again (the kills, not the
 * filling, are under test).
 */
async function fillSession(run: LocalRun, admin: string): Promise<void> {
  const created = await call(run, 'POST', `/events/${EVENT}/sessions`, admin, sessionBody());
  assert.equal(created.status, 201, created.text);
  if (filled) {
    await writeBack(filled);
  } else {
    await reserveFor(stores, EVENT, SESSION, fans(ATTENDEES));
    const poll = await createPoll(stores.engagement, EVENT, SESSION, { question: 'Best part?', options: ['demo', 'Q&A'] });
    await pool(fans(BOOKMARKERS), 8, async (id) => void (await stores.bookmarks.putBookmark(id, EVENT, SESSION)));
    await pool([...Array(VOTERS).keys()], 8, async (i) => void (await castVote(stores.engagement, EVENT, SESSION, poll.id, fan(i), i % 2)));
    await pool([...Array(REVIEWERS).keys()], 8, async (i) => void (await writeReview(stores.catalogue, stores.engagement, EVENT, SESSION, fan(i), { rating: 1 + (i % 5), text: '' })));
    filled = (await sessionItems(doc, table, EVENT, SESSION)).items;
  }
  const seats = (await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}`)).body.seats;
  assert.deepEqual(seats, { capacity: CAPACITY, taken: CAPACITY, waitlisted: ATTENDEES - CAPACITY });
}

async function writeBack(items: Record<string, unknown>[]): Promise<void> {
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  await pool(batches, 4, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}

test('kill -9 at random moments of deleting a session with 500 reservations: after a restart nothing is left, and the id starts empty', { timeout: 240_000 }, () =>
  withinBudget(230_000, killDuringDeletes),
);

async function killDuringDeletes(): Promise<void> {
  const started = performance.now();
  // The table and the event exist before the first start, so the run does not load its sample catalogue.
  await ensureTable(doc, table);
  const today = new Date(Date.now() - 3600_000).toISOString().slice(0, 10);
  await putEvent(stores.catalogue, EVENT, eventInput().parse({ name: 'Crash Summit', timezone: 'UTC', days: [{ date: today }], tracks: ['Main'] }), undefined, 'all');
  const crashes = { beforeCommit: 0, duringCleanup: 0, afterCleanup: 0 };
  const leftAtKills: number[] = [];
  const delays: number[] = [];
  let held = 0;
  let itemsPerDelete = 0;

  let run = await startRun();
  progress(`the local run started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const auth = await createLocalAuth(join(dataDir, 'dev-signing-key.json'));
  const admin = await auth.sign({ sub: 'crash-admin', admin: true });
  const [first, last] = await Promise.all([auth.sign({ sub: fan(0) }), auth.sign({ sub: fan(ATTENDEES - 1) })]);

  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let mark = performance.now();
    const seconds = () => `${((performance.now() - mark) / 1000).toFixed(1)} s`;
    progress(`attempt ${attempt}: filling`);
    await fillSession(run, admin);
    if (attempt === 1) itemsPerDelete = (await sessionLeftovers(doc, table, EVENT, SESSION)).items.length;
    progress(`attempt ${attempt}: filled in ${seconds()}`);

    const delay = Math.round(random() ** 2 * KILL_WINDOW_MS);
    delays.push(delay);
    // The answer is never read: the run dies under it.
    void fetch(`${run.baseUrl}/events/${EVENT}/sessions/${SESSION}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } }).catch(() => {});
    await new Promise((r) => setTimeout(r, delay));
    await killRun(run);
    const leftAtKill = (await sessionLeftovers(doc, table, EVENT, SESSION)).items.length;
    leftAtKills.push(leftAtKill);

    mark = performance.now();
    run = await startRun();
    progress(`attempt ${attempt}: killed ${delay} ms into the delete with ${leftAtKill} items left; restarted in ${seconds()}`);
    mark = performance.now();
    // Whether the delete's transaction went through is told by the session itself, read after the restart
    // (a request the run sent just before it died may still have landed).
    const session = await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}`);
    if (session.status === 200) {
      crashes.beforeCommit++;
      // The delete never happened: the session is whole (one transaction), and deleting it again works.
      assert.deepEqual(session.body.seats, { capacity: CAPACITY, taken: CAPACITY, waitlisted: ATTENDEES - CAPACITY });
      assert.equal((await call(run, 'DELETE', `/events/${EVENT}/sessions/${SESSION}`, admin)).status, 204);
    } else {
      assert.equal(session.status, 404, session.text);
      if (leftAtKill > 0) crashes.duringCleanup++;
      else crashes.afterCleanup++;
    }
    // No request from here on: the restarted run has to finish the delete by itself.
    const left = await waitForNoLeftovers(doc, table, EVENT, SESSION, 60_000);
    assert.ok(
      left.items.length === 0 && left.pending.length === 0,
      `attempt ${attempt} (kill after ${delay} ms): the delete did not converge: ${left.items.length} items left ` +
        `(${left.items.slice(0, 5).join(', ')} …), pending ${JSON.stringify(left.pending)}; the run's log ends:\n${run.log.join('').slice(-3000)}`,
    );
    progress(`attempt ${attempt}: converged ${seconds()} after the restart; checking the id starts empty`);

    // The same id, created again, starts empty: no seat, no waitlist, nobody's old reservation or bookmark.
    const again = await call(run, 'POST', `/events/${EVENT}/sessions`, admin, sessionBody());
    assert.equal(again.status, 201, again.text);
    assert.deepEqual(again.body.seats, { capacity: CAPACITY, taken: 0, waitlisted: 0 });
    assert.deepEqual((await call(run, 'GET', `/me/reservations?eventId=${EVENT}`, last)).body.items, []);
    assert.deepEqual((await call(run, 'GET', `/me/agenda?eventId=${EVENT}`, first)).body.items, [], 'an old bookmark or reservation would show here');
    const reserved = await call(run, 'PUT', `/events/${EVENT}/sessions/${SESSION}/reservation`, last);
    assert.deepEqual([reserved.status, reserved.body.status, reserved.body.position], [201, 'confirmed', undefined]);
    assert.deepEqual((await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}/polls`)).body.items, []);
    assert.equal((await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}/reviews`)).body.summary.count, 0);
    assert.deepEqual(await sessionLeftovers(doc, table, EVENT, SESSION), {
      items: [`ATTENDEE#${fan(ATTENDEES - 1)}|RESERVATION#${EVENT}#${SESSION}`, `EVENT#${EVENT}#SESSION#${SESSION}|SEAT#${fan(ATTENDEES - 1)}`, `EVENT#${EVENT}#SESSION#${SESSION}|SEATS`],
      pending: [],
    });
    held++;
    progress(`attempt ${attempt}: held; deleting the session for the next attempt`);
    // The next attempt fills the same id again.
    assert.equal((await call(run, 'DELETE', `/events/${EVENT}/sessions/${SESSION}/reservation`, last)).status, 204);
    assert.equal((await call(run, 'DELETE', `/events/${EVENT}/sessions/${SESSION}`, admin)).status, 204);
    assert.deepEqual(await waitForNoLeftovers(doc, table, EVENT, SESSION, 30_000), { items: [], pending: [] });
  }
  await killRun(run);
  const total = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `# delete crash test (seed ${seed}): attempts ${ATTEMPTS}, crashes ${ATTEMPTS} (before the delete committed ${crashes.beforeCommit}, ` +
      `during its cleanup ${crashes.duringCleanup}, after it ${crashes.afterCleanup}), held ${held}; ` +
      `${itemsPerDelete} items per delete; kills after ${delays.join(', ')} ms with ${leftAtKills.join(', ')} items left; ${total} s\n`,
  );
  assert.equal(held, ATTEMPTS);
}
