/**
 * Least privilege, proved against the synthesized stack: every function runs
 * with a DynamoDB client of its own whose request handler applies that
 * function's IAM policy from the template (action, table or index ARN,
 * `dynamodb:LeadingKeys`) before DynamoDB Local sees the request
 * (test/support/iam-policy.ts). Every route of the route table is called, and
 * the change feed, a webhook delivery and the cleanup of a deleted session run, so:
 * - a grant missing from lambda/functions/table-grants.ts fails a route here;
 * - a grant nothing calls fails the check that every granted action is used;
 * - the public read function's policy refuses attendees' and webhooks' items.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { matchRoute, routes, type RequestMethod } from '../../lambda/api/routes';
import { tableGrants, type TableGrant, type TableUser } from '../../lambda/functions/table-grants';
import { attendeePartition, calendarFeedKey, partitionPatterns, reservationKey, webhookKey, bookmarkKey, deliveryKey } from '../../lambda/store/keys';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { deleteSession } from '../../lambda/catalogue/sessions';
import { createCleanupHandler } from '../../lambda/deletions/cleanup-handler';
import { sweepNoShows } from '../../lambda/attendance/no-shows';
import { createNoShowLists } from '../../lambda/store/no-show-lists';
import type { ScheduledEvent } from 'aws-lambda';
import { sessionLeftovers } from '../support/session-leftovers';
import { reservable, session, startTestApi, type CallOptions, type TestApi } from '../support/api';
import { openLive } from '../support/live-client';
import { createLiveStore } from '../../lambda/store/live-store';
import { sessionTopic } from '../../lambda/store/keys';
import { isAllowed, like, PolicyCheckingHandler } from '../support/iam-policy';
import { stackPolicies } from '../support/stack-policies';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';

const tableName = `test-${randomBytes(6).toString('hex')}`;
const tableArn = `arn:aws:dynamodb:local:000000000000:table/${tableName}`;
const arnOf = (name: string) => `arn:aws:dynamodb:local:000000000000:table/${name}`;
const policies = stackPolicies(tableArn);
const users = Object.keys(tableGrants) as TableUser[];
const handlers = Object.fromEntries(users.map((user) => [user, new PolicyCheckingHandler(policies[user], arnOf)])) as Record<TableUser, PolicyCheckingHandler>;

let api: TestApi;
let receiver: TestReceiver;
let delivered = 0;
/** The operations called, each answering as expected. */
const served = new Set<string>();

before(async () => {
  receiver = await startReceiver((_request, _body, response) => {
    delivered++;
    response.writeHead(204).end();
  });
  api = await startTestApi({ tableName, changeFeed: true, live: true, clientConfigOf: (user) => ({ requestHandler: handlers[user] as never }) });
});
after(async () => {
  await api?.close();
  await receiver?.close();
});

/** The ETag of a session, for If-Match. */
const etag = async (id: string) => (await api.call('GET', `/events/summit/sessions/${id}`)).headers.get('etag')!;

/** Every refusal so far, as `function: action resource partitions`. */
const refusals = () =>
  users.flatMap((user) => handlers[user].checked.filter((c) => !c.allowed).map((c) => `${user}: ${c.action} ${c.resource.replace(tableArn, 'table')} ${c.leadingKeys}`));

/** Calls a route, expects `status` (naming the refusals when it fails), and notes the operation as served. */
async function call(method: RequestMethod, path: string, status: number, options: CallOptions = {}) {
  const result = await api.call(method, path, options);
  assert.equal(result.status, status, `${method} ${path}: ${result.text}\nrefused: ${refusals().join('\n')}`);
  const { match } = matchRoute(method, path.split('?')[0]!);
  if (match) served.add(match.route.operation);
  return result;
}

test('every route of the route table, the change feed and a webhook delivery work under each function’s synthesized policy', async (t) => {
  const admin = { token: api.adminToken };
  const alice = { token: await api.tokenFor('alice') };
  const bob = { token: await api.tokenFor('bob') };
  const e = '/events/summit';

  // Catalogue writes.
  await call('PUT', e, 201, { ...admin, body: { name: 'Summit', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }], tracks: ['DevOps, Cloud'] } });
  await call('PUT', '/speakers/ham-giho', 201, { ...admin, body: { name: '함기호', company: 'AWS' } });
  await call('PUT', '/speakers/werner-vogels', 201, { ...admin, body: { name: 'Werner Vogels', company: 'Amazon.com' } });
  await call('PUT', `${e}/webhooks/site`, 201, { ...admin, body: { url: receiver.url } });
  // Not scheduled yet, so they take reservations (a session that has ended takes none).
  await call('POST', `${e}/sessions`, 201, { ...admin, body: reservable({ id: 'keynote', type: 'keynote', capacity: 1 }) });
  await call('POST', `${e}/import`, 200, { ...admin, body: { sessions: [reservable({ id: 'graviton', capacity: 1, speakerIds: ['werner-vogels'] })] } });
  await call('PATCH', `${e}/sessions/keynote`, 200, { ...admin, headers: { 'if-match': await etag('keynote') }, body: { title: 'Keynote' } });
  await call('PUT', '/speakers/werner-vogels', 200, { ...admin, headers: { 'if-match': '"1"' }, body: { name: 'Dr. Werner Vogels', company: 'Amazon.com' } });
  // CSV imports run as jobs (the runner's grants): a new session naming its speaker by name, then the same session
  // given another speaker (its talk moves); the job read back with its report.
  const csv = (speakers: string) => ({ ...admin, rawBody: `id,title,speakers,capacity\r\ncsv-new,Imported by CSV,${speakers},1\r\n`, headers: { 'content-type': 'text/csv' } });
  for (const speakers of ['Dr. Werner Vogels', 'ham-giho']) {
    const job = await call('POST', `${e}/import`, 202, csv(speakers));
    await api.importsIdle();
    const done = await call('GET', job.headers.get('location')!, 200, admin);
    assert.equal(done.body.status, 'done', `${done.text}\nrefused: ${refusals().join('\n')}`);
    assert.equal(done.body.counts.rejected, 0, done.text);
  }
  // Dropping a track that sessions still use is refused, naming them (found through the track's index).
  await call('PUT', e, 409, { ...admin, headers: { 'if-match': '"1"' }, body: { name: 'Summit', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }], tracks: [] } });

  // Public reads.
  for (const path of [
    '/events', e, `${e}/sessions`, `${e}/sessions?track=DevOps%2C%20Cloud`, `${e}/sessions?room=Room%20101`, `${e}/sessions?type=keynote`,
    `${e}/sessions?status=scheduled`, `${e}/sessions?speaker=ham-giho`, `${e}/sessions?q=Graviton`, `${e}/sessions?day=2024-05-16`,
    `${e}/sessions/keynote`, `${e}/speakers`, `${e}/tracks`, `${e}/rooms`, `${e}/levels`, `${e}/types`, '/speakers/ham-giho', `${e}/schedule.json`, `${e}/schedule.xml`, `${e}/schedule.ics`,
    `${e}/changes`, '/openapi.json', `${e}/sessions/keynote/polls`, `${e}/sessions/keynote/reviews`, '/search?q=Graviton',
  ]) await call('GET', path, 200);
  await call('HEAD', `${e}/sessions/keynote`, 200);
  await call('GET', '/nowhere', 404);

  // Attendees: a seat, a waitlist and its promotion, told on bob's open page (the socket routes' and the fan-out's grants)
  // and mailed (the mailer's); a socket left behind by a crash is found gone by a push and removed (the fan-out's).
  await call('PUT', '/me/preferences', 200, { ...bob, body: { emailNotices: true, email: 'bob@example.com' } });
  await call('GET', '/me/preferences', 200, bob);
  const bobsPage = await openLive(api.liveUrl);
  assert.equal((await bobsPage.subscribe([{ eventId: 'summit', sessionId: 'keynote' }], bob.token)).type, 'subscribed');
  const socketsClient = createDocumentClient({ requestHandler: handlers.liveConnections as never });
  const staleSocket = createLiveStore(socketsClient, tableName);
  await staleSocket.putConnection('c3RhbGU=');
  await staleSocket.follow('c3RhbGU=', [sessionTopic('summit', 'keynote')], undefined);
  assert.equal((await call('PUT', `${e}/sessions/keynote/reservation`, 201, alice)).body.status, 'confirmed');
  assert.equal((await call('PUT', `${e}/sessions/keynote/reservation`, 201, bob)).body.status, 'waitlisted');
  await call('DELETE', `${e}/sessions/keynote/reservation`, 204, alice);
  await bobsPage.next((m) => m.type === 'promoted');
  // A session whose seats are over two shards: the fan-out adds up its counters (BatchGetItem).
  await call('POST', `${e}/sessions`, 201, { ...admin, body: reservable({ id: 'sharded', capacity: 10, seatShards: 2 }) });
  assert.equal((await bobsPage.subscribe([{ eventId: 'summit', sessionId: 'sharded' }], bob.token)).type, 'subscribed');
  await call('PUT', `${e}/sessions/sharded/reservation`, 201, alice);
  await bobsPage.next((m) => m.type === 'seats' && m.sessionId === 'sharded');
  await api.changesCaughtUp();
  await api.noticesIdle();
  assert.equal(await staleSocket.getConnection('c3RhbGU='), undefined, 'the gone socket was removed');
  await bobsPage.close();
  socketsClient.destroy();
  assert.equal((await call('GET', '/me/reservations', 200, bob)).body.items[0].status, 'confirmed');
  // The door: bob's code checks him in; the roster (and its CSV) and the counts read the session's partitions.
  const code = (await call('GET', '/me/reservations', 200, bob)).body.items[0].checkInCode;
  await call('POST', `${e}/sessions/keynote/check-ins`, 201, { ...admin, body: { code, scanId: 'door-1' } });
  await call('POST', `${e}/sessions/keynote/check-ins/batch`, 200, { ...admin, body: { scans: [{ code, scanId: 'door-1' }] } });
  await call('GET', `${e}/sessions/keynote/roster`, 200, admin);
  await call('GET', `${e}/sessions/keynote/roster?format=csv`, 200, admin);
  await call('GET', `${e}/check-ins`, 200, admin);
  // An organiser's changes move reservations too: a seat more promotes the waitlist, a cancellation releases every place.
  await call('PUT', `${e}/sessions/graviton/reservation`, 201, { token: await api.tokenFor('carol') });
  assert.equal((await call('PUT', `${e}/sessions/graviton/reservation`, 201, alice)).body.status, 'waitlisted');
  await call('PATCH', `${e}/sessions/graviton`, 200, { ...admin, headers: { 'if-match': await etag('graviton') }, body: { capacity: 2 } });
  assert.equal((await call('GET', '/me/reservations', 200, alice)).body.items[0].status, 'confirmed');
  // The same through an import job: a seat more in a CSV promotes the waitlist (the runner's grants).
  await call('PUT', `${e}/sessions/csv-new/reservation`, 201, { token: await api.tokenFor('dave') });
  assert.equal((await call('PUT', `${e}/sessions/csv-new/reservation`, 201, { token: await api.tokenFor('erin') })).body.status, 'waitlisted');
  const seatMore = await call('POST', `${e}/import`, 202, { ...admin, rawBody: 'id,title,speakers,capacity\r\ncsv-new,Imported by CSV,ham-giho,2\r\n', headers: { 'content-type': 'text/csv' } });
  await api.importsIdle();
  assert.equal((await call('GET', seatMore.headers.get('location')!, 200, admin)).body.counts.updated, 1);
  assert.equal((await call('GET', '/me/reservations', 200, { token: await api.tokenFor('erin') })).body.items[0].status, 'confirmed', refusals().join('\n'));
  await call('PATCH', `${e}/sessions/graviton`, 200, { ...admin, headers: { 'if-match': await etag('graviton') }, body: { status: 'cancelled' } });
  assert.equal((await call('GET', '/me/reservations', 200, alice)).body.items[0].status, 'released');
  await call('PUT', '/me/agenda/summit/graviton', 204, alice);
  await call('PUT', '/me/agenda/summit/keynote', 204, alice);
  await call('DELETE', '/me/agenda/summit/keynote', 204, alice);
  await call('GET', '/me/agenda?eventId=summit', 200, alice);
  await call('GET', '/me/agenda.ics?eventId=summit', 200, alice);
  await call('POST', '/me/calendar-feed', 201, alice);
  const feed = new URL((await call('POST', '/me/calendar-feed', 201, alice)).body.url); // replaces the first
  await call('GET', `${feed.pathname}${feed.search}`, 200);

  // Polls and reviews.
  const poll = (await call('POST', `${e}/sessions/keynote/polls`, 201, { ...admin, body: { question: '어떠셨나요?', options: ['좋음', '보통'] } })).body.id;
  await call('PUT', `${e}/sessions/keynote/polls/${poll}/vote`, 200, { ...bob, body: { option: 0 } });
  await call('GET', `${e}/sessions/keynote/polls/${poll}/vote`, 200, bob);
  await call('PATCH', `${e}/sessions/keynote/polls/${poll}`, 200, { ...admin, body: { closed: true } });
  // Reviews open once the session has taken place: it gets its (past) slot.
  const slot = { startsAt: session().startsAt, endsAt: session().endsAt };
  await call('PATCH', `${e}/sessions/keynote`, 200, { ...admin, headers: { 'if-match': await etag('keynote') }, body: slot });
  await call('PUT', `${e}/sessions/keynote/reviews/me`, 201, { ...bob, body: { rating: 5, text: '최고' } });
  await call('GET', `${e}/sessions/keynote/reviews/me`, 200, bob);
  const review = (await call('GET', `${e}/sessions/keynote/reviews`, 200)).body.items[0].id;
  // The event's moderation list: its index partition and its sessions' titles, read by the read function.
  assert.deepEqual((await call('GET', `${e}/reviews`, 200, admin)).body.items.map((r: { id: string }) => r.id), [review]);
  await call('DELETE', `${e}/sessions/keynote/reviews/${review}`, 204, admin);

  // Webhooks: a delivery made by the delivery function, read back by the API.
  await api.changesCaughtUp();
  await api.deliveriesIdle();
  assert.ok(delivered > 0, 'no webhook delivery was made');
  await call('GET', `${e}/webhooks/site`, 200, admin);
  await call('GET', `${e}/webhooks`, 200, admin);
  await call('POST', `${e}/webhooks/site/secret`, 200, admin);
  await call('DELETE', `${e}/webhooks/site`, 204, admin);

  // A session with seats, votes, reviews and bookmarks taken, deleted; deleted again, it is gone.
  await call('DELETE', `${e}/sessions/keynote`, 204, { ...admin, headers: { 'if-match': await etag('keynote') } });
  await call('DELETE', `${e}/sessions/keynote`, 404, admin);
  await call('PUT', '/me/agenda/summit/graviton', 204, bob);
  // A delete that stops after its transaction (a crash, a timeout) is finished by the cleanup function on the stream;
  // the schedule's sweep finds nothing left, and a deletion it cannot finish in time it hands on.
  const writerClient = createDocumentClient({ requestHandler: handlers.catalogueWrite as never });
  const cleanerClient = createDocumentClient({ requestHandler: handlers.deletionCleaner as never });
  const asWriter = createStores(writerClient, tableName);
  const deletion = await deleteSession(asWriter.catalogue, asWriter.deletions, 'summit', 'graviton', undefined);
  await api.changesCaughtUp();
  const asCleaner = createStores(cleanerClient, tableName);
  const sweep = createCleanupHandler(asCleaner.deletions, { marginMs: 0, stalledAfterMs: 0, log: () => {} });
  await sweep({} as ScheduledEvent, { getRemainingTimeInMillis: () => 5000 });
  assert.equal(await asCleaner.deletions.handOn(deletion), false, 'the stream consumer had finished it');
  const auditor = createDocumentClient();
  assert.deepEqual(await sessionLeftovers(auditor, tableName, 'summit', 'graviton'), { items: [], pending: [] });
  for (const client of [auditor, writerClient, cleanerClient]) client.destroy();

  // The no-show release, on its own policy: a session of today whose one seat nobody checked in goes to the line.
  const today = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await call('PUT', '/events/today', 201, { ...admin, body: { name: 'Today', timezone: 'UTC', days: [{ date: today(0) }, { date: today(1) }] } });
  const startsAt = new Date(Date.now() + 10 * 60_000);
  const slotToday = { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString() };
  await call('POST', '/events/today/sessions', 201, { ...admin, body: reservable({ id: 'door', capacity: 1, ...slotToday, speakerIds: [], track: undefined, releaseUncheckedAfterMinutes: 5 }) });
  await call('PUT', '/events/today/sessions/door/reservation', 201, alice);
  await call('PUT', '/events/today/sessions/door/reservation', 201, bob);
  const releaserClient = createDocumentClient({ requestHandler: handlers.noShowReleaser as never });
  const at = startsAt.getTime() + 6 * 60_000;
  const swept = await sweepNoShows(createStores(releaserClient, tableName, undefined, () => at), createNoShowLists(releaserClient, tableName), new Date(at));
  assert.deepEqual(swept, { sessions: 1, released: 1 });
  releaserClient.destroy();

  const unserved = routes.map((r) => r.operation).filter((operation) => !served.has(operation));
  assert.deepEqual(unserved, [], 'every operation of the route table is called');

  assert.deepEqual(refusals(), [], 'a request the function makes is refused by its policy');
  for (const user of users) {
    const checked = handlers[user].checked;
    t.diagnostic(`${user}: ${checked.length} authorizations allowed, actions ${[...new Set(checked.map((c) => c.action.replace('dynamodb:', '')))].sort().join(', ')}`);
  }
  t.diagnostic(`${served.size} operations served; ${delivered} webhook deliveries`);
});

test('every action granted on a partition group is used by the function on that group', () => {
  const unused: string[] = [];
  for (const user of users) {
    for (const grant of tableGrants[user] as readonly TableGrant[]) {
      for (const action of grant.actions) {
        for (const group of grant.partitions) {
          const used = handlers[user].checked.some(
            (c) => c.action === `dynamodb:${action}` && c.leadingKeys.some((key) => partitionPatterns[group].some((p) => like(p, key))),
          );
          if (!used) unused.push(`${user}: ${action} on ${group}`);
        }
      }
      if (grant.indexes && !handlers[user].checked.some((c) => c.resource.includes('/index/'))) unused.push(`${user}: indexes`);
    }
  }
  assert.deepEqual(unused, [], 'granted but never called');
});

test("the public read function's policy refuses attendees' items and webhooks, even with its own client", async (t) => {
  const forbidden = {
    reservation: reservationKey('alice', 'summit', 'keynote').pk,
    bookmark: bookmarkKey('alice', 'summit', 'keynote').pk,
    'calendar feed': calendarFeedKey('0'.repeat(43)).pk,
    webhook: webhookKey('summit', 'site').pk,
    delivery: deliveryKey('summit', 'site', 1).pk,
  };
  const read = policies.catalogueRead;
  for (const [what, pk] of Object.entries(forbidden)) {
    for (const action of ['GetItem', 'Query', 'BatchGetItem', 'PutItem']) {
      assert.ok(!isAllowed(read, { action: `dynamodb:${action}`, resource: tableArn, leadingKeys: [pk] }), `${action} on a ${what}`);
    }
  }
  // A batch that slips one forbidden key among allowed ones is refused as a whole.
  assert.ok(!isAllowed(read, { action: 'dynamodb:BatchGetItem', resource: tableArn, leadingKeys: ['EVENT#summit', forbidden.reservation] }));
  assert.ok(isAllowed(read, { action: 'dynamodb:GetItem', resource: tableArn, leadingKeys: ['EVENT#summit'] }), 'the policy is not simply empty');

  // Through the read function's own client, as its code would call it.
  const doc = createDocumentClient({ requestHandler: handlers.catalogueRead as never });
  const asReader = createStores(doc, tableName);
  await assert.rejects(asReader.attendance.listReservations('bob', { limit: 10 }), { name: 'AccessDeniedException' });
  await assert.rejects(asReader.webhooks.getWebhook('summit', 'site'), { name: 'AccessDeniedException' });
  doc.destroy();
  t.diagnostic(`${Object.keys(forbidden).length} kinds of item × 4 actions refused to catalogueRead; ${attendeePartition('bob')} refused through its client`);
});
