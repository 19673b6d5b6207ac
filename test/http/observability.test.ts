/**
 * What the functions leave in their logs, through the same handlers as in
 * AWS: one structured access line per request, with the Lambda context the
 * logger was given (cold start, request id), route key, status and latency,
 * and never a token, a cookie or the origin secret; and the embedded metric
 * format lines CloudWatch turns into the dashboard's metrics (requests,
 * 5xx, 503s, reservations confirmed and waitlisted).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { metricNames } from '../../lambda/api/metrics';
import { session, startTestApi, type TestApi } from '../support/api';
import { FaultInjectingHandler } from '../support/faults';

// The logger and the metrics are made on first use: set before any request. npm test turns both down.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'SessionCatalogue/test';
// As Lambda sets it for an on-demand instance (npm start too): cold_start is true on the first request only.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';

const faults = new FaultInjectingHandler(() => 'pass');
let api: TestApi;
const written: string[] = [];
const originalWrite = process.stdout.write;

before(async () => {
  api = await startTestApi({ clientConfig: { requestHandler: faults as never, maxAttempts: 1 } });
  // Every line the functions write to stdout (CloudWatch Logs in AWS), still passed on.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(chunk.toString());
    return (originalWrite as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
});
after(async () => {
  process.stdout.write = originalWrite;
  await api.close();
});

const jsonLines = () => written.join('').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, any>);
const accessLines = () => jsonLines().filter((line) => line.message === 'request');
const emfLines = () => jsonLines().filter((line) => line._aws?.CloudWatchMetrics);
/** The total of a metric over every EMF line so far. */
const total = (name: string) => emfLines().reduce((sum, line) => sum + (typeof line[name] === 'number' ? line[name] : Array.isArray(line[name]) ? line[name].reduce((a: number, b: number) => a + b, 0) : 0), 0);
// What CloudFront adds in AWS (this API checks none): a header that must never reach a log either.
const through = { 'x-origin-verify': 'origin-secret-that-must-not-be-logged-0123456789' };

test('one access line per request: route key, method, status, latency and the Lambda context, and no token, cookie or secret', async () => {
  const secretToken = await api.tokenFor('alice');
  const before = accessLines().length;
  const answers = [
    await api.call('GET', '/events', { headers: { ...through, cookie: 'sid=cookie-secret-value' } }),
    await api.call('GET', '/me/reservations', { token: secretToken, headers: through }),
    await api.call('GET', '/calendar/feed.ics?token=feed-token-in-the-query', { headers: through }),
    await api.call('GET', '/nowhere', { headers: { ...through, authorization: 'Bearer not-a-real-token-but-secret' } }),
  ];
  const lines = accessLines().slice(before);
  assert.equal(lines.length, answers.length, 'one line per request');
  assert.deepEqual(
    lines.map((line) => [line.routeKey, line.method, line.status]),
    [
      ['GET /events', 'GET', answers[0]!.status],
      ['GET /me/reservations', 'GET', answers[1]!.status],
      ['GET /calendar/feed.ics', 'GET', answers[2]!.status],
      ['$default', 'GET', 404],
    ],
  );
  assert.deepEqual(lines.map((line) => line.cold_start), [true, false, false, false], 'one process: its first request is the cold start');
  for (const line of lines) {
    assert.equal(line.level, 'INFO');
    assert.equal(typeof line.latencyMs, 'number');
    assert.ok(line.latencyMs >= 0 && line.latencyMs < 10_000, String(line.latencyMs));
    assert.equal(typeof line.cold_start, 'boolean', 'the Lambda context is on the line');
    assert.match(line.function_request_id, /^[0-9a-f-]{36}$/);
    assert.ok(['catalogueRead', 'attendee'].includes(line.function_name), line.function_name);
    assert.equal(line.service, 'session-catalogue');
  }
  const everything = written.join('');
  for (const secret of [secretToken, secretToken.split('.')[2]!, 'cookie-secret-value', 'feed-token-in-the-query', 'not-a-real-token-but-secret', through['x-origin-verify']]) {
    assert.ok(!everything.includes(secret), `${secret.slice(0, 12)}… was logged`);
  }
});

test('EMF metrics: requests, reservations confirmed and waitlisted, and 5xx and 503s when DynamoDB fails', async () => {
  // An event without days takes sessions on any date: this one is still ahead, so it takes reservations.
  assert.equal((await api.call('PUT', '/events/summit', { token: api.adminToken, body: { name: 'Summit', timezone: 'Asia/Seoul' } })).status, 201);
  const id = 'full-talk';
  const talk = session({ id, capacity: 1, speakerIds: [], startsAt: '2099-05-16T13:10:00+09:00', endsAt: '2099-05-16T13:50:00+09:00' });
  assert.equal((await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: talk })).status, 201);
  const [requests, confirmed, waitlisted, errors, unavailable] = [metricNames.requests, metricNames.reservationsConfirmed, metricNames.reservationsWaitlisted, metricNames.serverErrors, metricNames.unavailable].map(total);
  const reserve = async (sub: string) => (await api.call('PUT', `/events/summit/sessions/${id}/reservation`, { token: await api.tokenFor(sub), headers: through })).body.status;
  assert.equal(await reserve('ann'), 'confirmed');
  assert.equal(await reserve('ben'), 'waitlisted');
  assert.equal(await reserve('cat'), 'waitlisted');
  faults.plan = () => 'throttle';
  const failed = await api.call('GET', '/events/summit', { headers: through });
  faults.plan = () => 'pass';
  assert.equal(failed.status, 503);
  assert.equal(total(metricNames.reservationsConfirmed) - confirmed!, 1);
  assert.equal(total(metricNames.reservationsWaitlisted) - waitlisted!, 2);
  assert.equal(total(metricNames.requests) - requests!, 4);
  assert.equal(total(metricNames.serverErrors) - errors!, 1);
  assert.equal(total(metricNames.unavailable) - unavailable!, 1);
  const [line] = emfLines().slice(-1);
  const [directive] = line!._aws.CloudWatchMetrics;
  assert.equal(directive.Namespace, 'SessionCatalogue/test');
  assert.deepEqual(directive.Dimensions, [['service']]);
  assert.equal(line!.service, 'session-catalogue');
});
