/**
 * `npm run bench`: benchmarks against DynamoDB Local through the local HTTP
 * API, printing numbers. Sizes can be changed with environment variables.
 */
import { startBenchEnv } from './support';
import { reservationRush } from './reservation-rush';
import { catalogueReads } from './catalogue-reads';
import { bundleReport } from './bundles';
import { searchIndexReport } from './search-index';

const env = await startBenchEnv();
try {
  await catalogueReads(env, {
    sessions: Number(process.env.BENCH_SESSIONS ?? 3000),
    speakers: Number(process.env.BENCH_SPEAKERS ?? 1500),
    rooms: 40,
    samples: Number(process.env.BENCH_SAMPLES ?? 300),
  });
  console.log();
  await reservationRush(env, {
    sessions: Number(process.env.RUSH_SESSIONS ?? 10),
    capacity: Number(process.env.RUSH_CAPACITY ?? 30),
    attendees: Number(process.env.RUSH_ATTENDEES ?? 1500),
    attemptsPerAttendee: Number(process.env.RUSH_ATTEMPTS ?? 2),
    concurrency: Number(process.env.RUSH_CONCURRENCY ?? 64),
  });
  console.log();
  await bundleReport(Number(process.env.BENCH_LOAD_RUNS ?? 7));
  console.log();
  // Last: it keeps the process busy for a while, and idle keep-alive connections to the local API would not survive it.
  searchIndexReport({
    sessions: Number(process.env.BENCH_SESSIONS ?? 3000),
    abstractChars: Number(process.env.BENCH_ABSTRACT_CHARS ?? 4000),
    samples: Number(process.env.BENCH_SAMPLES ?? 300),
  });
} finally {
  await env.close();
}
