/**
 * `npm run bench`: benchmarks against DynamoDB Local, in process and through
 * the local HTTP API, printing numbers, and ending with the table of issue
 * 12's goals: target, measured, held or not. Sizes can be changed with
 * environment variables; `npm run bench -- reads bundles` runs only the
 * sections named (reads, rush, hot, bundles, index), in this order.
 * Progress goes to stderr (./support.ts, benchProgress): each section as it
 * starts and ends with its time, and steps inside the long ones.
 */
import { benchProgress, startBenchEnv, type GoalRow } from './support';
import { reservationRush } from './reservation-rush';
import { catalogueReads } from './catalogue-reads';
import { bundleReport } from './bundles';
import { searchIndexReport } from './search-index';
import { hotSessionReport } from './hot-session';

const SECTIONS = ['reads', 'rush', 'hot', 'bundles', 'index'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
const runs = (section: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(section);

const notRun = (goal: string, section: string): GoalRow => ({ goal, target: '', measured: `not run (npm run bench -- ${section})`, held: undefined });

/** Runs a section between two progress lines: its start, and its end with its time. */
const section = <T>(name: string, work: () => T | Promise<T>) =>
  benchProgress.step(work, { announce: `section ${name}: started`, done: () => `section ${name}: done` });

const table: GoalRow[] = [];
const env = await benchProgress.step(startBenchEnv, { announce: 'starting DynamoDB Local and the local API', done: () => 'DynamoDB Local and the local API started' });
try {
  if (runs('reads')) {
    table.push(
      ...(await section('reads', () => catalogueReads(env, {
        sessions: Number(process.env.BENCH_SESSIONS ?? 3000),
        speakers: Number(process.env.BENCH_SPEAKERS ?? 1500),
        rooms: 40,
        samples: Number(process.env.BENCH_SAMPLES ?? 300),
        runs: Number(process.env.BENCH_RUNS ?? 3),
      }))),
    );
    console.log();
  } else table.push(notRun('GET one session, a day’s list, search', 'reads'));
  if (runs('rush')) {
    await section('rush', () => reservationRush(env, {
      sessions: Number(process.env.RUSH_SESSIONS ?? 10),
      capacity: Number(process.env.RUSH_CAPACITY ?? 30),
      attendees: Number(process.env.RUSH_ATTENDEES ?? 1500),
      attemptsPerAttendee: Number(process.env.RUSH_ATTEMPTS ?? 2),
      concurrency: Number(process.env.RUSH_CONCURRENCY ?? 64),
    }));
    console.log();
  }
  if (runs('hot')) {
    table.push(
      await section('hot', () => hotSessionReport(env, {
        rate: Number(process.env.HOT_RATE ?? 7500),
        seconds: Number(process.env.HOT_SECONDS ?? 1),
        capacity: Number(process.env.HOT_CAPACITY ?? 200),
        concurrency: Number(process.env.HOT_CONCURRENCY ?? 225),
      })),
    );
    console.log();
  } else table.push(notRun('one hot session: reservation attempts per simulated second', 'hot'));
  if (runs('bundles')) {
    table.push(...(await section('bundles', () => bundleReport({ runs: Number(process.env.BENCH_RUNS ?? 3), imports: Number(process.env.BENCH_IMPORTS ?? 7) }))));
    console.log();
  } else table.push(notRun('each function’s bundle: size and import time vs the baseline', 'bundles'));
  // Last: it keeps the process busy for a while, and idle keep-alive connections to the local API would not survive it.
  if (runs('index')) {
    await section('index', () => searchIndexReport({
      sessions: Number(process.env.BENCH_SESSIONS ?? 3000),
      abstractChars: Number(process.env.BENCH_ABSTRACT_CHARS ?? 4000),
      samples: Number(process.env.BENCH_SAMPLES ?? 300),
    }));
    console.log();
  }
} finally {
  await env.close();
}

const width = (pick: (row: GoalRow) => string) => Math.max(...table.map((row) => pick(row).length));
const [goalWidth, targetWidth] = [width((row) => row.goal), width((row) => row.target)];
console.log('issue 12: goal, target, measured, held');
for (const row of table) {
  const held = row.held === undefined ? '—' : row.held ? 'held' : 'NOT held';
  console.log(`  ${row.goal.padEnd(goalWidth)}  ${row.target.padEnd(targetWidth)}  ${held.padEnd(8)}  ${row.measured}`);
}
