/**
 * kill -9 while a big session is being deleted. The real local run
 * (`local/start.ts`: the API, the stream consumers, DynamoDB Local with its
 * data on disk) runs as a child process; a session with 500 reservations
 * (300 seats, 200 on the waitlist), bookmarks, poll votes and reviews is
 * deleted, and the whole run is killed with SIGKILL at a random moment of
 * that delete. After a restart, with no further request, nothing of the
 * session may be left anywhere in the table, and the same id created again
 * must start empty. Five attempts; the counts are printed.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createLocalAuth } from '../../local/dev-auth';
import { sessionLeftovers, waitForNoLeftovers } from '../support/session-leftovers';
import { freePort } from '../support/ports';

const ATTEMPTS = 5;
const CAPACITY = 300;
const ATTENDEES = 500;
const BOOKMARKERS = 50;
const VOTERS = 50;
const REVIEWERS = 25;
/** The kill comes this long (at most) after the DELETE is sent: removing ~1,100 items takes a few seconds here. */
const KILL_WINDOW_MS = 2500;
const EVENT = 'crash-summit';
const SESSION = 'packed-hall';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'catalogue-delete-crash-'));
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
const ports = { api: 0, dynamo: 0 };

/** Starts `local/start.ts` in its own process group (so DynamoDB Local, its child, can be killed with it). */
async function startRun(): Promise<LocalRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(ports.api), DYNAMODB_PORT: String(ports.dynamo) };
  delete env.DYNAMODB_ENDPOINT;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const run: LocalRun = { child, baseUrl: '', log };
  running = run;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local run did not start within 150 s:\n${log.join('')}`)), 150_000);
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      const url = /API on (http:\/\/\S+)/.exec(log.join(''))?.[1];
      if (url && !run.baseUrl) {
        run.baseUrl = url;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!run.baseUrl) reject(new Error(`the local run exited (${code}):\n${log.join('')}`));
    });
  });
  return run;
}

/** SIGKILL to the whole run: the Node process and DynamoDB Local. */
async function killRun(run: LocalRun, between?: () => Promise<void>): Promise<void> {
  const exited = new Promise((done) => run.child.once('exit', done));
  process.kill(run.child.pid!, 'SIGKILL');
  await exited;
  // DynamoDB Local outlives its parent for a moment: read what the crash left before killing it too.
  try {
    await between?.();
  } finally {
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    await waitForPortFree(ports.dynamo);
    running = undefined;
  }
}

async function waitForPortFree(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} stayed in use`);
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
after(killLeftovers);

const progress = (line: string) => process.stdout.write(`# ${line}\n`);

async function call(run: LocalRun, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${run.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

/** Runs `work` over `items`, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

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

/** Creates the session and fills it: reservations (seats and waitlist), bookmarks, a poll with votes, reviews. */
async function fillSession(run: LocalRun, admin: string, tokens: string[]): Promise<number> {
  const created = await call(run, 'POST', `/events/${EVENT}/sessions`, admin, sessionBody());
  assert.equal(created.status, 201, created.text);
  await eachLimited(tokens, 32, async (token) => {
    const reserved = await call(run, 'PUT', `/events/${EVENT}/sessions/${SESSION}/reservation`, token);
    assert.equal(reserved.status, 201, reserved.text);
  });
  const poll = await call(run, 'POST', `/events/${EVENT}/sessions/${SESSION}/polls`, admin, { question: 'Best part?', options: ['demo', 'Q&A'] });
  assert.equal(poll.status, 201, poll.text);
  await eachLimited(tokens.slice(0, Math.max(BOOKMARKERS, VOTERS, REVIEWERS)), 16, async (token) => {
    const i = tokens.indexOf(token);
    if (i < BOOKMARKERS) assert.equal((await call(run, 'PUT', `/me/agenda/${EVENT}/${SESSION}`, token)).status, 204);
    if (i < VOTERS) assert.equal((await call(run, 'PUT', `/events/${EVENT}/sessions/${SESSION}/polls/${poll.body.id}/vote`, token, { option: i % 2 })).status, 200);
    if (i < REVIEWERS) assert.ok([200, 201].includes((await call(run, 'PUT', `/events/${EVENT}/sessions/${SESSION}/reviews/me`, token, { rating: 1 + (i % 5) })).status));
  });
  const seats = (await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}`)).body.seats;
  assert.deepEqual(seats, { capacity: CAPACITY, taken: CAPACITY, waitlisted: ATTENDEES - CAPACITY });
  return ATTENDEES + BOOKMARKERS + VOTERS + REVIEWERS;
}

// About 90 s on two idle cores (six starts of the local run); the limit leaves room for a busy machine.
test('kill -9 at random moments of deleting a session with 500 reservations: after a restart nothing is left, and the id starts empty', { timeout: 600_000 }, async () => {
  const started = performance.now();
  ports.api = await freePort();
  ports.dynamo = await freePort();
  const dynamoEndpoint = `http://127.0.0.1:${ports.dynamo}`;
  const table = process.env.TABLE_NAME ?? 'session-catalogue';
  const crashes = { beforeCommit: 0, duringCleanup: 0, afterCleanup: 0 };
  let held = 0;
  let itemsPerDelete = 0;
  const delays: number[] = [];

  let run = await startRun();
  progress(`the local run started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const auth = await createLocalAuth(join(dataDir, 'dev-signing-key.json'));
  const admin = await auth.sign({ sub: 'crash-admin', admin: true });
  const tokens = await Promise.all(Array.from({ length: ATTENDEES }, (_, i) => auth.sign({ sub: `fan-${i}` })));
  const today = new Date(Date.now() - 3600_000).toISOString().slice(0, 10);
  const event = await call(run, 'PUT', `/events/${EVENT}`, admin, { name: 'Crash Summit', timezone: 'UTC', days: [{ date: today }], tracks: ['Main'] });
  assert.equal(event.status, 201, event.text);

  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let mark = performance.now();
    const seconds = () => `${((performance.now() - mark) / 1000).toFixed(1)} s`;
    await fillSession(run, admin, tokens);
    progress(`attempt ${attempt}: session filled in ${seconds()}`);
    const doc = createDocumentClient({ endpoint: dynamoEndpoint, maxAttempts: 2 });
    itemsPerDelete = (await sessionLeftovers(doc, table, EVENT, SESSION)).items.length;

    const delay = Math.round(random() * KILL_WINDOW_MS);
    delays.push(delay);
    // The answer is never read: the run dies under it.
    void fetch(`${run.baseUrl}/events/${EVENT}/sessions/${SESSION}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } }).catch(() => {});
    await new Promise((r) => setTimeout(r, delay));
    let committed = false;
    let leftAtCrash = 0;
    await killRun(run, async () => {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: `EVENT#${EVENT}`, sk: `SESSION#${SESSION}` }, ConsistentRead: true }));
      committed = !Item;
      leftAtCrash = (await sessionLeftovers(doc, table, EVENT, SESSION)).items.length;
    });
    doc.destroy();
    if (!committed) crashes.beforeCommit++;
    else if (leftAtCrash > 0) crashes.duringCleanup++;
    else crashes.afterCleanup++;

    progress(`attempt ${attempt}: killed ${delay} ms into the delete (${committed ? `committed, ${leftAtCrash} items left` : 'not committed'})`);
    mark = performance.now();
    run = await startRun();
    progress(`attempt ${attempt}: restarted in ${seconds()}`);
    mark = performance.now();
    const after = createDocumentClient({ endpoint: dynamoEndpoint, maxAttempts: 2 });
    try {
      if (!committed) {
        // The delete never happened: the session is whole (one transaction), and deleting it again works.
        const session = await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}`);
        assert.equal(session.status, 200);
        assert.deepEqual(session.body.seats, { capacity: CAPACITY, taken: CAPACITY, waitlisted: ATTENDEES - CAPACITY });
        assert.equal((await call(run, 'DELETE', `/events/${EVENT}/sessions/${SESSION}`, admin)).status, 204);
      }
      // No request from here on: the restarted run has to finish the delete by itself.
      const left = await waitForNoLeftovers(after, table, EVENT, SESSION, 30_000);
      assert.deepEqual(left, { items: [], pending: [] }, `attempt ${attempt} (kill after ${delay} ms): the delete did not converge`);
      progress(`attempt ${attempt}: converged ${seconds()} after the restart`);
      assert.equal((await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}`)).status, 404);

      // The same id, created again, starts empty: no seat, no waitlist, nobody's old reservation or bookmark.
      const again = await call(run, 'POST', `/events/${EVENT}/sessions`, admin, sessionBody());
      assert.equal(again.status, 201, again.text);
      assert.deepEqual(again.body.seats, { capacity: CAPACITY, taken: 0, waitlisted: 0 });
      const waitlisted = tokens[ATTENDEES - 1]!;
      const mine = await call(run, 'GET', `/me/reservations?eventId=${EVENT}`, waitlisted);
      assert.deepEqual(mine.body.items, []);
      const agenda = await call(run, 'GET', `/me/agenda?eventId=${EVENT}`, tokens[0]);
      assert.deepEqual(agenda.body.items, [], 'an old bookmark or reservation would show here');
      const reserved = await call(run, 'PUT', `/events/${EVENT}/sessions/${SESSION}/reservation`, waitlisted);
      assert.deepEqual([reserved.status, reserved.body.status, reserved.body.position], [201, 'confirmed', undefined]);
      assert.deepEqual((await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}/polls`)).body.items, []);
      const reviews = await call(run, 'GET', `/events/${EVENT}/sessions/${SESSION}/reviews`);
      assert.equal(reviews.body.summary.count, 0);
      assert.deepEqual(await sessionLeftovers(after, table, EVENT, SESSION), {
        items: [`ATTENDEE#fan-${ATTENDEES - 1}|RESERVATION#${EVENT}#${SESSION}`, `EVENT#${EVENT}#SESSION#${SESSION}|SEAT#fan-${ATTENDEES - 1}`, `EVENT#${EVENT}#SESSION#${SESSION}|SEATS`],
        pending: [],
      });
      held++;
      // The next attempt fills the same id again.
      const cleared = await call(run, 'DELETE', `/events/${EVENT}/sessions/${SESSION}/reservation`, waitlisted);
      assert.equal(cleared.status, 204);
      assert.equal((await call(run, 'DELETE', `/events/${EVENT}/sessions/${SESSION}`, admin)).status, 204);
      assert.deepEqual(await waitForNoLeftovers(after, table, EVENT, SESSION, 30_000), { items: [], pending: [] });
    } finally {
      after.destroy();
    }
  }
  await killRun(run);
  const total = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `# delete crash test (seed ${seed}): attempts ${ATTEMPTS}, crashes ${ATTEMPTS} (before the delete committed ${crashes.beforeCommit}, ` +
      `during its cleanup ${crashes.duringCleanup}, after it ${crashes.afterCleanup}), held ${held}; ` +
      `${itemsPerDelete} items per delete; kills after ${delays.join(', ')} ms; ${total} s\n`,
  );
  assert.equal(held, ATTEMPTS);
});
