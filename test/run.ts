/**
 * `npm test`: starts DynamoDB Local (in memory), one engine per test file
 * running at once, then runs every test file with Node's test runner: the
 * rushes (and the crash test) first, one at a time, then the rest side by side. Each HTTP test
 * file makes its own table; each file takes an engine no other running file
 * holds (test/support/dynamo-lease.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { freePort } from './support/ports';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

// Pass file names to run a subset: npm test -- test/unit
const requested = process.argv.slice(2);
const files = (requested.length > 0 ? requested : ['test']).flatMap((p) => (statSync(p).isDirectory() ? testFiles(join(root, p)) : [p]));

const nameOf = (file: string) => file.replace(/^.*\//, '').replace('.test.ts', '');

/**
 * The rushes (hundreds of requests at one session's seat counter or one
 * poll) and the delete crash test (500 reservations made, then a local run
 * killed and restarted five times) run first, one at a time, with nothing
 * beside them. They need the machine's CPU more than anything: starved by
 * another file, their transactions take longer, meet more conflicts and
 * cost more CPU again; alone each takes 15-40 s, beside the rest of the
 * suite on 2 cores they took 130 s to over 180 s (the per-test limit; the
 * crash test's first fill alone went from 20 s to 97 s). So does the
 * timetable at a summit's size, which imports 600 sessions (a transaction
 * each): beside another file its import alone passed 180 s.
 */
const RUSHES = ['reservation-waitlist-burst', 'reservation-burst', 'polls', 'session-delete-crash', 'timetable-scale'];

// Of the rest, the slowest files (30-90 s each, measured) start first, so that none of them is left running alone at the end.
const SLOWEST = ['reservation-property', 'reservation-waitlist-property', 'session-delete', 'cursor-fuzz', 'attendee'];
const rank = (file: string) => {
  const found = SLOWEST.indexOf(nameOf(file));
  return found === -1 ? SLOWEST.length : found;
};
const rushes = files.filter((file) => RUSHES.includes(nameOf(file)));
const others = files.filter((file) => !RUSHES.includes(nameOf(file))).sort((a, b) => rank(a) - rank(b));

// IAM_POLICIES=1: every test API checks each function's requests against its synthesized IAM policy.
let policyFile: string | undefined;
if (process.env.IAM_POLICIES === '1') {
  const { stackPolicies } = await import('./support/stack-policies');
  const { TABLE_ARN_PLACEHOLDER } = await import('./support/iam-policy');
  policyFile = join(mkdtempSync(join(tmpdir(), 'iam-')), 'policies.json');
  writeFileSync(policyFile, JSON.stringify(stackPolicies(TABLE_ARN_PLACEHOLDER)));
}

/**
 * Files running at once, one engine each (test/support/dynamo-lease.ts says
 * why); TEST_CONCURRENCY changes it. Three, on 2 cores: most of a file's time
 * is spent waiting on its engine or its browser, and an engine slows with
 * what it holds, so three engines serving a third of the files each beat
 * two serving half (quiet machine, 575 tests: the files after the rushes
 * took 287 s at three against 420 s at two; user CPU 11 min 17 s against
 * 15 min 0 s).
 */
const CONCURRENCY = Number(process.env.TEST_CONCURRENCY ?? 3);
const engines = await Promise.all(Array.from({ length: CONCURRENCY }, async () => startDynamoDbLocal({ port: await freePort() })));
const leases = mkdtempSync(join(tmpdir(), 'dynamo-leases-'));
const env = {
  ...process.env,
  DYNAMODB_ENDPOINTS: engines.map((engine) => engine.endpoint).join(','),
  DYNAMODB_LEASES: leases,
  DYNAMODB_ENDPOINT: engines[0]!.endpoint,
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'CRITICAL',
  // EMF lines mean something to CloudWatch only; test/http/observability.test.ts turns them on for itself.
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  ...(policyFile ? { IAM_POLICIES_FILE: policyFile } : {}),
};

/** Node's test runner on `batch`, `concurrency` files at a time; its exit code. Each file has 3 minutes (TEST_TIMEOUT_MS). */
async function runFiles(batch: string[], concurrency: number, fileEnv: NodeJS.ProcessEnv = env): Promise<number> {
  if (batch.length === 0) return 0;
  const args = ['--import', 'tsx', '--import', './test/support/dynamo-lease.ts', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? 180_000}`, '--test-reporter=spec'];
  const child = spawn(process.execPath, [...args, ...batch], { cwd: root, stdio: 'inherit', env: fileEnv });
  return new Promise<number>((done) => child.on('exit', (c) => done(c ?? 1)));
}

// Files that start a DynamoDB Local of their own (a killed local run slows the engine it used).
const OWN_ENGINE = ['session-delete-crash'];

/**
 * Each rush on a DynamoDB Local of its own, stopped after it: an engine gets
 * slower with what earlier files left in it (tables, their streams), and a
 * rush feels it most. The 1,000-join burst took 27 s on a new engine and
 * 110 s on one that had served the crash test's neighbours, the 600-session
 * import and the polls before it.
 */
async function runAlone(file: string): Promise<number> {
  if (OWN_ENGINE.includes(nameOf(file))) return runFiles([file], 1);
  const engine = await startDynamoDbLocal({ port: await freePort() });
  try {
    return await runFiles([file], 1, { ...env, DYNAMODB_ENDPOINTS: engine.endpoint, DYNAMODB_ENDPOINT: engine.endpoint });
  } finally {
    await engine.stop();
  }
}

if (rushes.length > 0) process.stdout.write(`# the rushes and the crash test first, one at a time, each on a DynamoDB Local of its own: ${rushes.join(', ')}\n`);
let rushesCode = 0;
for (const file of rushes) {
  const fileCode = await runAlone(file);
  rushesCode ||= fileCode;
}
if (rushes.length > 0) process.stdout.write(`# then the other ${others.length} files, ${CONCURRENCY} at a time\n`);
const othersCode = await runFiles(others, CONCURRENCY);
const code = rushesCode || othersCode;
await Promise.all(engines.map((engine) => engine.stop()));
rmSync(leases, { recursive: true, force: true });
process.exit(code);
