/**
 * The live channel against a real local server, DynamoDB Local and its
 * stream: what a subscription follows, what each write pushes (a vote, a
 * seat taken, a status change, a promotion to the promoted attendee only),
 * bad subscriptions answered with the field, and sockets that are gone
 * removed with their subscriptions, whether they said goodbye or not.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { openLive, type LiveClient } from '../support/live-client';
import { createLiveStore } from '../../lambda/store/live-store';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { checkInTopic, connectionKey, sessionTopic, subscriptionKey } from '../../lambda/store/keys';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

let api: TestApi;
const clients: LiveClient[] = [];
const doc = createDocumentClient();
const live = () => openLive(api.liveUrl).then((client) => (clients.push(client), client));
const ref = (sessionId: string) => ({ eventId: 'summit', sessionId });
const itemExists = async (key: { pk: string; sk: string }) => (await doc.send(new GetCommand({ TableName: api.tableName, Key: key, ConsistentRead: true }))).Item !== undefined;

async function createSession(id: string, capacity: number) {
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id, capacity }) });
  assert.equal(created.status, 201, created.text);
}

before(async () => {
  api = await startTestApi({ live: true });
  await createSampleEvent(api);
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await api.close();
  doc.destroy();
});

describe('subscribing', () => {
  test('a subscription names its sessions; with a valid attendee token it follows their notices too', async () => {
    const client = await live();
    assert.deepEqual(await client.subscribe([ref('a'), ref('b')]), { type: 'subscribed', sessions: 2, attendee: false, checkIns: 0 });
    assert.deepEqual(await client.subscribe([ref('a')], await api.tokenFor('sub-alice')), { type: 'subscribed', sessions: 1, attendee: true, checkIns: 0 });
  });

  test('an organiser’s token follows the check-in counts of the named sessions of their events only', async () => {
    const client = await live();
    const sessions = [ref('a'), { eventId: 'elsewhere', sessionId: 'b' }];
    assert.deepEqual(await client.subscribe(sessions, await api.tokenFor('org-1', { organiserOf: ['summit'] })), { type: 'subscribed', sessions: 2, attendee: false, checkIns: 1 });
    assert.deepEqual(await client.subscribe(sessions, await api.tokenFor('admin-1', { admin: true })), { type: 'subscribed', sessions: 2, attendee: false, checkIns: 2 });
    const followers = createLiveStore(doc, api.tableName);
    assert.equal((await followers.followersOf(checkInTopic('elsewhere', 'b'))).length, 1);
    assert.deepEqual(await client.subscribe(sessions, await api.tokenFor('org-2', { organiserOf: ['other'] })), { type: 'subscribed', sessions: 2, attendee: false, checkIns: 0 });
    assert.equal((await followers.followersOf(checkInTopic('elsewhere', 'b'))).length, 0, 'the dropped topic is unfollowed');
  });

  test('a bad subscription is answered with the field at fault and changes nothing', async () => {
    const client = await live();
    assert.equal((await client.subscribe([ref('kept')])).type, 'subscribed');
    const badId = await client.subscribe([{ eventId: 'summit', sessionId: 'Not A Slug' }]);
    assert.equal(badId.type, 'error');
    assert.equal(badId.field, 'sessions.0.sessionId');
    const badToken = await client.subscribe([ref('other')], 'not-a-token');
    assert.deepEqual([badToken.type, badToken.field], ['error', 'token']);
    client.send('not json');
    await client.next((m) => m.type === 'error' && String(m.detail).includes('JSON'));
    client.send({ action: 'shout' });
    await client.next((m) => m.type === 'error' && m.field === 'action');
    const followers = createLiveStore(doc, api.tableName);
    assert.equal((await followers.followersOf(sessionTopic('summit', 'kept'))).length, 1, 'the earlier subscription stands');
    assert.equal((await followers.followersOf(sessionTopic('summit', 'other'))).length, 0);
  });
});

describe('pushes', () => {
  test('a vote reaches the sockets following its session, and only them', async () => {
    await createSession('voted', 10);
    const poll = await api.call('POST', '/events/summit/sessions/voted/polls', { token: api.adminToken, body: { question: 'Graviton?', options: ['네', '아니요'] } });
    assert.equal(poll.status, 201, poll.text);
    const [watching, elsewhere] = [await live(), await live()];
    await watching.subscribe([ref('voted')]);
    await elsewhere.subscribe([ref('a')]);
    const vote = await api.call('PUT', `/events/summit/sessions/voted/polls/${poll.body.id}/vote`, { token: await api.tokenFor('voter-1'), body: { option: 1 } });
    assert.equal(vote.status, 200, vote.text);
    const pushed = await watching.next((m) => m.type === 'poll' && (m.poll as { total: number }).total === 1);
    assert.deepEqual((pushed.poll as { options: { votes: number }[] }).options.map((o) => o.votes), [0, 1]);
    await api.changesCaughtUp();
    assert.equal(elsewhere.messages.filter((m) => m.type === 'poll').length, 0);
  });

  test('seats taken and a session cancelled are pushed with the counts and status', async () => {
    await createSession('pushed-seats', 1);
    const client = await live();
    await client.subscribe([ref('pushed-seats')]);
    assert.equal((await api.call('PUT', '/events/summit/sessions/pushed-seats/reservation', { token: await api.tokenFor('seat-1') })).status, 201);
    assert.deepEqual((await client.next((m) => m.type === 'seats' && (m.seats as { taken: number }).taken === 1)).seats, { capacity: 1, taken: 1, waitlisted: 0 });
    assert.equal((await api.call('PUT', '/events/summit/sessions/pushed-seats/reservation', { token: await api.tokenFor('seat-2') })).status, 201);
    await client.next((m) => m.type === 'seats' && (m.seats as { waitlisted: number }).waitlisted === 1);
    const etag = (await api.call('GET', '/events/summit/sessions/pushed-seats')).headers.get('etag')!;
    const cancelled = await api.call('PATCH', '/events/summit/sessions/pushed-seats', { token: api.adminToken, headers: { 'if-match': etag }, body: { status: 'cancelled' } });
    assert.equal(cancelled.status, 200, cancelled.text);
    await client.next((m) => m.type === 'session' && m.status === 'cancelled');
  });

  for (const seatShards of [1, 3]) {
    test(`a check-in pushes the new check-in counts to the organisers’ sockets and nothing to the public (${seatShards} seat shard${seatShards > 1 ? 's' : ''})`, async () => {
      const id = `door-${seatShards}`;
      const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id, capacity: 6, seatShards }) });
      assert.equal(created.status, 201, created.text);
      const organiser = await api.tokenFor('door-organiser', { organiserOf: ['summit'] });
      const [door, publicPage] = [await live(), await live()];
      assert.equal((await door.subscribe([ref(id)], organiser)).checkIns, 1);
      await publicPage.subscribe([ref(id)]);
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const reserved = await api.call('PUT', `/events/summit/sessions/${id}/reservation`, { token: await api.tokenFor(`door-fan-${i}`) });
        assert.equal(reserved.status, 201, reserved.text);
        codes.push(reserved.body.checkInCode);
      }
      await door.next((m) => m.type === 'checkIns' && (m.counts as { confirmed: number }).confirmed === 3);
      await api.changesCaughtUp();
      const seatsBefore = publicPage.messages.filter((m) => m.type === 'seats').length;
      for (const [i, code] of codes.slice(0, 2).entries()) {
        const checked = await api.call('POST', `/events/summit/sessions/${id}/check-ins`, { token: organiser, body: { code } });
        assert.equal(checked.status, 201, checked.text);
        // Summed over the shards: each check-in lands on one shard's counter.
        assert.deepEqual((await door.next((m) => m.type === 'checkIns' && (m.counts as { checkedIn: number }).checkedIn === i + 1)).counts, { capacity: 6, confirmed: 3, checkedIn: i + 1, waitlisted: 0 });
      }
      await api.changesCaughtUp();
      assert.equal(publicPage.messages.filter((m) => m.type === 'checkIns').length, 0, 'check-in counts are the organisers’ only');
      assert.equal(publicPage.messages.filter((m) => m.type === 'seats').length, seatsBefore, 'the public seats did not move');
    });
  }

  test('a cancellation tells the promoted attendee, on their own socket only', async () => {
    await createSession('promotion', 1);
    const [alice, bob] = [await api.tokenFor('promo-alice'), await api.tokenFor('promo-bob')];
    const [bobPage, alicePage] = [await live(), await live()];
    await bobPage.subscribe([], bob);
    await alicePage.subscribe([ref('promotion')], alice);
    assert.equal((await api.call('PUT', '/events/summit/sessions/promotion/reservation', { token: alice })).status, 201);
    assert.equal((await api.call('PUT', '/events/summit/sessions/promotion/reservation', { token: bob })).body.status, 'waitlisted');
    assert.equal((await api.call('DELETE', '/events/summit/sessions/promotion/reservation', { token: alice })).status, 204);
    const told = await bobPage.next((m) => m.type === 'promoted');
    assert.deepEqual([told.eventId, told.sessionId], ['summit', 'promotion']);
    await alicePage.next((m) => m.type === 'seats' && (m.seats as { waitlisted: number }).waitlisted === 0 && (m.seats as { taken: number }).taken === 1);
    await api.changesCaughtUp();
    assert.equal(alicePage.messages.filter((m) => m.type === 'promoted').length, 0, 'nobody else is told');
  });
});

describe('sockets that are gone', () => {
  test('a closed socket takes its subscriptions with it ($disconnect)', async () => {
    const client = await live();
    await client.subscribe([ref('leaving')]);
    const store = createLiveStore(doc, api.tableName);
    const [connectionId] = await store.followersOf(sessionTopic('summit', 'leaving'));
    assert.ok(connectionId);
    await client.close();
    for (let i = 0; i < 100 && (await itemExists(connectionKey(connectionId))); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await itemExists(connectionKey(connectionId)), false);
    assert.equal(await itemExists(subscriptionKey(sessionTopic('summit', 'leaving'), connectionId)), false);
  });

  test('a socket that vanished without a disconnect is removed when a push finds it gone (410)', async () => {
    await createSession('stale', 5);
    // What a crashed server or a dropped network leaves: a socket's items, and no socket (the poster answers gone, as API Gateway's 410).
    const store = createLiveStore(doc, api.tableName);
    const staleId = 'c3RhbGUtc29ja2V0LTE=';
    await store.putConnection(staleId);
    assert.equal(await store.follow(staleId, [sessionTopic('summit', 'stale')], undefined), 'followed');
    const client = await live();
    await client.subscribe([ref('stale')]);
    assert.equal((await api.call('PUT', '/events/summit/sessions/stale/reservation', { token: await api.tokenFor('stale-1') })).status, 201);
    await client.next((m) => m.type === 'seats');
    await api.changesCaughtUp();
    assert.equal(await itemExists(connectionKey(staleId)), false, 'the gone socket is removed');
    assert.equal(await itemExists(subscriptionKey(sessionTopic('summit', 'stale'), staleId)), false, 'with its subscription');
    assert.equal((await store.followersOf(sessionTopic('summit', 'stale'))).length, 1, 'the open socket still follows');
  });
});
