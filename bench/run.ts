/**
 * `npm run bench`: benchmarks against DynamoDB Local through the local HTTP
 * API, printing numbers. Sizes can be changed with environment variables;
 * `npm run bench -- reads index` runs only the sections named (reads, rush,
 * bundles, index), in this order.
 */
import { startBenchEnv } from './support';
import { reservationRush } from './reservation-rush';
import { catalogueReads } from './catalogue-reads';
import { bundleReport } from './bundles';
import { searchIndexReport } from './search-index';

const SECTIONS = ['reads', 'rush', 'bundles', 'index'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
const runs = (section: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(section);

const env = await startBenchEnv();
try {
  if (runs('reads')) {
    await catalogueReads(env, {
      sessions: Number(process.env.BENCH_SESSIONS ?? 3000),
      speakers: Number(process.env.BENCH_SPEAKERS ?? 1500),
      rooms: 40,
      samples: Number(process.env.BENCH_SAMPLES ?? 300),
    });
    console.log();
  }
  if (runs('rush')) {
    await reservationRush(env, {
      sessions: Number(process.env.RUSH_SESSIONS ?? 10),
      capacity: Number(process.env.RUSH_CAPACITY ?? 30),
      attendees: Number(process.env.RUSH_ATTENDEES ?? 1500),
      attemptsPerAttendee: Number(process.env.RUSH_ATTEMPTS ?? 2),
      concurrency: Number(process.env.RUSH_CONCURRENCY ?? 64),
    });
    console.log();
  }
  if (runs('bundles')) {
    await bundleReport(Number(process.env.BENCH_LOAD_RUNS ?? 7));
    console.log();
  }
  // Last: it keeps the process busy for a while, and idle keep-alive connections to the local API would not survive it.
  if (runs('index')) {
    searchIndexReport({
      sessions: Number(process.env.BENCH_SESSIONS ?? 3000),
      abstractChars: Number(process.env.BENCH_ABSTRACT_CHARS ?? 4000),
      samples: Number(process.env.BENCH_SAMPLES ?? 300),
    });
  }
} finally {
  await env.close();
}
