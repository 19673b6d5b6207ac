/**
 * `npm run bench`: benchmarks against DynamoDB Local through the local HTTP
 * API, printing numbers. Sizes can be changed with environment variables.
 */
import { startBenchEnv } from './support';
import { reservationRush } from './reservation-rush';

const env = await startBenchEnv();
try {
  await reservationRush(env, {
    sessions: Number(process.env.RUSH_SESSIONS ?? 10),
    capacity: Number(process.env.RUSH_CAPACITY ?? 30),
    attendees: Number(process.env.RUSH_ATTENDEES ?? 1500),
    attemptsPerAttendee: Number(process.env.RUSH_ATTEMPTS ?? 2),
    concurrency: Number(process.env.RUSH_CONCURRENCY ?? 64),
  });
} finally {
  await env.close();
}
