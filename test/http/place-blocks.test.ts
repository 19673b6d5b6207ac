/**
 * Places in line over several seat shards come in blocks from the one line
 * counter (lambda/store/waitlist-store.ts, takePlace and refill), timed by a
 * clock the test moves by hand: a quiet shard takes one place at a time; in
 * a rush blocks grow (at most doubling) to what the shard hands out in a
 * third of a block's life; a
 * block that expires gives up what it had left at once, so no later
 * newcomer ever gets one of those places; a refill whose maker vanished is
 * taken over once its claim is stale.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { seatsKey } from '../../lambda/store/keys';
import { BLOCK_LIFE_MS } from '../../lambda/domain/seat-shards';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let now = 1_000_000;
const doc = createDocumentClient();

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
});
after(async () => {
  doc.destroy();
  await api.close();
});

test('blocks: one place when quiet, sized to the rate in a rush, what an expired block had left given up at once', async () => {
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id: 'blocks', capacity: 0, seatShards: 3 }) });
  assert.equal(created.status, 201, created.text);
  const { attendance } = createStores(doc, api.tableName, undefined, () => now);
  const line = { eventId: 'summit', sessionId: 'blocks', shards: 3 };
  const take = async (shard: number, after: number) => {
    now += after;
    return attendance.takePlace(line, shard);
  };
  const counter = async (shard: number) => (await attendance.getSeats({ eventId: 'summit', id: 'blocks', seatShards: 3 }, true))!.shards[shard]!;

  assert.deepEqual(await take(1, 0), { place: 1, shard: 1 }, 'a first block holds one place');
  assert.deepEqual(await take(1, 10), { place: 2, shard: 1 }, 'one place handed out in 10 ms: a rush, the next block holds two (at most twice the last)');
  assert.deepEqual([(await counter(1)).blockNext, (await counter(1)).blockEnd], [3, 3]);
  assert.deepEqual(await take(1, 10), { place: 3, shard: 1 });
  assert.deepEqual(await take(2, 10), { place: 4, shard: 2 }, 'another shard takes its own block from the line counter');
  // Two places in 20 ms: 100 a second, 10 in a third of a block's life, at most twice the last block.
  assert.deepEqual(await take(1, 10), { place: 5, shard: 1 }, 'the next block holds four, 5 to 8');
  assert.deepEqual([(await counter(1)).blockNext, (await counter(1)).blockEnd, (await counter(1)).blockSize], [6, 8, 4]);

  // The rush is over: the block expires with 6, 7 and 8 never handed out. The next newcomer gets 9, and 6-8 are given up.
  assert.deepEqual(await take(1, BLOCK_LIFE_MS + 1), { place: 9, shard: 1 });
  assert.equal((await counter(1)).blockSize, 1, 'one place in a block life: one place at a time again');
  assert.equal((await counter(0)).granted, 9, 'the line counter handed out 1 to 9');
  assert.deepEqual(await attendance.placesGivenUp(line, 0, 10), [6, 7, 8]);
  assert.equal(await attendance.waitlistPosition(line, 9), 6, 'places 1 to 5 are ahead of 9 (taken, not bound yet); the expired block is not');
});

test("a refill whose maker vanished holds the shard up for a second at most, then is taken over", async () => {
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id: 'stuck', capacity: 0, seatShards: 2 }) });
  assert.equal(created.status, 201, created.text);
  const { attendance } = createStores(doc, api.tableName, undefined, () => now);
  const line = { eventId: 'summit', sessionId: 'stuck', shards: 2 };
  assert.deepEqual(await attendance.takePlace(line, 1), { place: 1, shard: 1 });
  // A request claimed the refill of shard 1 (its block is used up) and crashed before installing a new one.
  await doc.send(
    new UpdateCommand({ TableName: api.tableName, Key: seatsKey('summit', 'stuck', 1), UpdateExpression: 'SET claimAt = :now', ExpressionAttributeValues: { ':now': now } }),
  );
  now += 10;
  assert.equal(await attendance.takePlace(line, 1), 'changed', 'while the claim is fresh, others wait for its block (and at last look again)');
  now += 1000;
  assert.deepEqual(await attendance.takePlace(line, 1), { place: 2, shard: 1 }, 'a stale claim is taken over');
});

test("a block's life runs from its claim: a refill slow to install hands out its places for what is left of it, not a whole life", async () => {
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id: 'slow-refill', capacity: 0, seatShards: 2 }) });
  assert.equal(created.status, 201, created.text);
  // Each reading of the clock takes `stall` ms: a refill between its claim and its install.
  let stall = 0;
  const { attendance } = createStores(doc, api.tableName, undefined, () => {
    const at = now;
    now += stall;
    return at;
  });
  const line = { eventId: 'summit', sessionId: 'slow-refill', shards: 2 };
  assert.deepEqual(await attendance.takePlace(line, 1), { place: 1, shard: 1 });
  now += 10;
  stall = 200;
  const claimed = now;
  assert.deepEqual(await attendance.takePlace(line, 1), { place: 2, shard: 1 }, 'a block of two, 2 and 3, installed 200 ms after its claim');
  stall = 0;
  now = claimed + BLOCK_LIFE_MS + 50;
  assert.deepEqual(await attendance.takePlace(line, 1), { place: 4, shard: 1 }, 'place 3 is not handed out a block life after the claim');
  assert.deepEqual(await attendance.placesGivenUp(line, 0, 5), [3]);
});
