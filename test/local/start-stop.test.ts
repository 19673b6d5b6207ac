/**
 * `npm start` says what it is doing while it starts, step by step with
 * times, and stops cleanly on SIGTERM (sent by a process manager, a
 * container runtime or `kill`) as it does on Ctrl-C: DynamoDB Local and every
 * other process it started are gone, its two ports are free again, and npm
 * exits 0. Also when the signal comes while DynamoDB Local is still starting.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, portFree } from '../support/ports';
import { SAMPLE_CATALOGUE } from '../../local/sample-catalogue';

const root = fileURLToPath(new URL('../..', import.meta.url));
const started: number[] = [];
const dataDirs: string[] = [];

/** Every live process below `pid` (zombies, already dead, excluded), with its parent and command line. */
function descendants(pid: number): { pid: number; ppid: number; args: string }[] {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), zombie: m[3]!.startsWith('Z'), args: m[4]! }));
  const below = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) if (below.has(row.ppid) && !below.has(row.pid)) (below.add(row.pid), (grew = true));
  }
  return rows.filter((row) => row.pid !== pid && below.has(row.pid) && !row.zombie).map(({ pid: p, ppid, args }) => ({ pid: p, ppid, args }));
}

function alive(pid: number): boolean {
  try {
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false; // ps exits 1 when the pid is gone
  }
}

/** `npm start` with its own ports and data directory, exactly as a developer runs it (npm's update check off: no network). */
async function npmStart(extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; ports: number[]; output: () => string; waitFor: (text: string) => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'catalogue-start-'));
  dataDirs.push(dataDir);
  const ports = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    PORT: String(ports[0]),
    DYNAMODB_PORT: String(ports[1]),
    DATA_DIR: dataDir,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    ...extraEnv,
  };
  const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child.pid!);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 150_000;
    while (!output.includes(text)) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before "${text}":\n${output}`);
      if (Date.now() > deadline) throw new Error(`no "${text}" within 150 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, ports, output: () => output, waitFor };
}

/**
 * SIGTERM to npm, then checks that everything below it is gone, its ports are
 * free and it exited 0. `busy`: the server (DynamoDB Local's parent) is
 * frozen with SIGSTOP when the signal comes and resumed 300 ms later, as a
 * process on a loaded machine answers late; a signal relay that gives up on a
 * slow child (the tsx command kills it after 30 ms) then orphans DynamoDB Local.
 */
async function terminateAndCheck(run: Awaited<ReturnType<typeof npmStart>>, options: { busy: boolean }): Promise<void> {
  const { child } = run;
  // DynamoDB Local is spawned right after the line waited for: let it appear in the process table first.
  const deadline0 = Date.now() + 10_000;
  while (!descendants(child.pid!).some((p) => p.args.includes('DynamoDBLocal.jar')) && Date.now() < deadline0) await new Promise((r) => setTimeout(r, 50));
  const before = descendants(child.pid!);
  started.push(...before.map((p) => p.pid));
  assert.ok(before.some((p) => p.args.includes('DynamoDBLocal.jar')), `DynamoDB Local runs below npm: ${JSON.stringify(before)}`);
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const server = before.find((p) => p.args.includes('DynamoDBLocal.jar'))!.ppid;
  if (options.busy) process.kill(server, 'SIGSTOP');
  child.kill('SIGTERM');
  if (options.busy) {
    await new Promise((r) => setTimeout(r, 300));
    if (alive(server)) process.kill(server, 'SIGCONT');
  }
  const { code, signal } = await exited;
  // What npm started may take a moment longer to go; give it as long as the server's own stop allows (5 s for DynamoDB Local).
  const deadline = Date.now() + 10_000;
  while (before.some((p) => alive(p.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const left = before.filter((p) => alive(p.pid));
  assert.deepEqual(left, [], `left running after SIGTERM:\n${run.output()}`);
  const held: number[] = [];
  for (const port of run.ports) if (!(await portFree(port))) held.push(port);
  assert.deepEqual(held, [], `ports still held after SIGTERM:\n${run.output()}`);
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, run.output());
}

after(() => {
  // Whatever a failed run left behind: only the processes this file started, by pid.
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Each step of a first start, announced as it begins when it may take a while, and told with its time when done, in order. */
function assertStartupSteps(output: string): void {
  const lines = output.split('\n').filter((line) => /^\[\s*\d+\.\d s\] /.test(line));
  const elapsed = lines.map((line) => Number(/^\[\s*(\d+\.\d) s\]/.exec(line)![1]));
  assert.deepEqual(elapsed, [...elapsed].sort((a, b) => a - b), 'the clock runs forward');
  const events = (JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')) as { events: { event: { id: string } }[] }).events.map((e) => e.event.id);
  const took = String.raw`\(\d+\.\d s\)$`;
  const expected = [
    /building the web page…$/,
    new RegExp(`web page built into .+ ${took}`),
    /starting DynamoDB Local on 127\.0\.0\.1:\d+…$/,
    new RegExp(`DynamoDB Local \\(pid \\d+\\) on http://127\\.0\\.0\\.1:\\d+, data in .+ ${took}`),
    new RegExp(`table \\S+ created ${took}`),
    /development token key in .+ \(\d+\.\d s\)$/,
    new RegExp(`change feed following the table's stream; live pushes and notices from it ${took}`),
    new RegExp(`API listening on http://127\\.0\\.0\\.1:\\d+ ${took}`),
    /loading the sample catalogue from .+…$/,
    ...events.map((id, i) => new RegExp(`  ${id}: \\d+ sessions?, \\d+ speakers? \\(${i + 1}/${events.length}\\)$`)),
    new RegExp(`loaded the sample catalogue: ${events.length} events, \\d+ sessions, \\d+ speakers ${took}`),
    /API on http:\/\/127\.0\.0\.1:\d+ .* ready in \d+ ms$/,
    /live channel on ws:\/\/127\.0\.0\.1:\d+\/live; mail notices land in .+, listed at http:\/\/127\.0\.0\.1:\d+\/outbox$/,
  ];
  let at = 0;
  for (const pattern of expected) {
    while (at < lines.length && !pattern.test(lines[at]!)) at++;
    assert.ok(at < lines.length, `no line ${pattern} in order in:\n${lines.join('\n')}`);
    at++;
  }
}

test('a first start tells each step with its time; each request leaves one access line on stdout, as in CloudWatch, without its token; SIGTERM once it is serving, with the server busy when it comes: nothing left running, exit code 0', async () => {
  // npm test turns the functions' logs down; a developer's npm start logs at INFO.
  const run = await npmStart({ POWERTOOLS_LOG_LEVEL: 'INFO' });
  await run.waitFor('API on http://127.0.0.1:');
  const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJzZWNyZXQifQ.signature-that-must-not-be-logged';
  const answer = await fetch(`http://127.0.0.1:${run.ports[0]}/events?limit=1`, { headers: { authorization: `Bearer ${token}`, cookie: 'sid=cookie-that-must-not-be-logged' } });
  assert.equal(answer.status, 200);
  await run.waitFor('"routeKey":"GET /events"');
  const line = JSON.parse(run.output().split('\n').find((l) => l.includes('"routeKey":"GET /events"'))!) as Record<string, unknown>;
  assert.equal(line.message, 'request');
  assert.equal(line.status, 200);
  assert.equal(line.function_name, 'catalogueRead');
  assert.equal(typeof line.latencyMs, 'number');
  assert.equal(typeof line.cold_start, 'boolean');
  assert.match(String(line.function_request_id), /^[0-9a-f-]{36}$/);
  assert.ok(!run.output().includes('must-not-be-logged'), 'a token or cookie reached the log');
  assert.doesNotMatch(run.output(), /"_aws"/, 'EMF metric lines are off locally');
  await terminateAndCheck(run, { busy: true });
  assert.match(run.output(), /stopping…/);
  assertStartupSteps(run.output());
});

test('SIGTERM while DynamoDB Local is still starting: nothing left running either', async () => {
  const run = await npmStart();
  await run.waitFor('web page built');
  await terminateAndCheck(run, { busy: false });
  assert.doesNotMatch(run.output(), /API on/, 'the signal came while it was starting');
});
