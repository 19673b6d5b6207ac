/**
 * Places in line that are taken but never bound: a join that crashed after
 * taking its place, and one still under way when a seat comes free behind
 * it. Neither holds the line up, and no position told is ever exceeded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { FaultInjectingHandler, type Fault } from '../support/faults';
import { auditSeats } from '../support/seat-audit';

const faults = new FaultInjectingHandler(() => 'pass');
let api: TestApi;
const tokens: Record<string, string> = {};

before(async () => {
  api = await startTestApi({ clientConfig: { requestHandler: faults as never } });
  await createSampleEvent(api);
  for (const who of ['ana', 'ben', 'cho', 'dan']) tokens[who] = await api.tokenFor(who);
});
after(() => api.close());

async function createSession(id: string) {
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id, capacity: 1 }) });
  assert.equal(created.status, 201, created.text);
}
const reserve = (who: string, id: string) => api.call('PUT', `/events/summit/sessions/${id}/reservation`, { token: tokens[who] });
const cancel = async (who: string, id: string) => assert.equal((await api.call('DELETE', `/events/summit/sessions/${id}/reservation`, { token: tokens[who] })).status, 204);
/** Holds the next transaction on a slow network until released: `held` resolves once it is held. */
function holdNextTransaction() {
  let release!: () => void;
  const network = new Promise<void>((done) => (release = done));
  let onHeld!: () => void;
  const held = new Promise<void>((done) => (onHeld = done));
  let holding = false;
  faults.delay = (operation) => {
    if (operation !== 'TransactWriteItems' || holding) return 0;
    holding = true;
    onHeld();
    return network;
  };
  return {
    held,
    release() {
      faults.delay = () => 0;
      release();
    },
  };
}
async function place(who: string, id: string) {
  const result = await api.call('GET', '/me/reservations?eventId=summit', { token: tokens[who] });
  const found = result.body.items.find((r: { sessionId: string }) => r.sessionId === id);
  return [found?.status, found?.position];
}

test('a place taken by a join that crashed before binding it holds nobody up: the next freed seat gives it up', async () => {
  await createSession('crashed');
  assert.equal((await reserve('ana', 'crashed')).body.status, 'confirmed');
  // A request took place 1 and crashed before its join's transaction.
  const doc = createDocumentClient();
  assert.deepEqual(await createStores(doc, api.tableName).attendance.takePlace({ eventId: 'summit', sessionId: 'crashed', shards: 1 }, 0), { place: 1, shard: 0 });
  doc.destroy();

  // Behind a place that may still bind, positions count it: pessimistic, never exceeded later.
  assert.deepEqual([(await reserve('ben', 'crashed')).body.position, (await reserve('cho', 'crashed')).body.position], [2, 3]);
  await cancel('ana', 'crashed');
  assert.deepEqual(await place('ben', 'crashed'), ['confirmed', undefined]);
  assert.deepEqual(await place('cho', 'crashed'), ['waitlisted', 1]);
  const { waiting, seats } = await auditSeats(api.tableName, 'summit', 'crashed');
  assert.deepEqual(waiting.map((w) => w.attendeeId), ['cho']);
  assert.deepEqual([seats.granted, seats.passed, seats.givenUp], [3, 2, 1], 'place 1 was given up, place 2 promoted');
});

test('a join still under way when a seat comes free takes the next place at the end; nobody told a position is overtaken', async () => {
  await createSession('slow');
  assert.equal((await reserve('ana', 'slow')).body.status, 'confirmed');
  assert.equal((await reserve('ben', 'slow')).body.position, 1);
  // Cho's join takes place 2, then its transaction lingers on a slow network until released.
  const slow = holdNextTransaction();
  const cho = reserve('cho', 'slow');
  await slow.held;
  // Dan takes place 3 and is told 3: Cho's place, not bound yet, still counts ahead of him.
  assert.equal((await reserve('dan', 'slow')).body.position, 3);
  await cancel('ana', 'slow'); // Ben, the head, takes the seat
  assert.deepEqual(await place('dan', 'slow'), ['waitlisted', 2]);
  await cancel('ben', 'slow'); // Cho's place is still not bound: it is given up, and Dan, the head, takes the seat
  assert.deepEqual(await place('dan', 'slow'), ['confirmed', undefined]);
  // Cho's join then finds its place given up, and takes the next one.
  slow.release();
  const answer = await cho;
  assert.equal(answer.status, 201, answer.text);
  assert.deepEqual([answer.body.status, answer.body.position], ['waitlisted', 1]);
  const { waiting } = await auditSeats(api.tableName, 'summit', 'slow');
  assert.deepEqual(waiting, [{ attendeeId: 'cho', place: 4 }]);
});

for (const conflicts of [1, 5]) {
  test(`a double press: the place taken by the press that lost is given up, even after ${conflicts} conflict(s) in a row giving it up`, async () => {
    const id = `double-${conflicts}`;
    await createSession(id);
    assert.equal((await reserve('ana', id)).body.status, 'confirmed');
    // The first press takes place 1, and its join lingers; the second takes place 2 and binds it.
    const slow = holdNextTransaction();
    const first = reserve('ben', id);
    await slow.held;
    const second = await reserve('ben', id);
    assert.deepEqual([second.body.status, second.body.position], ['waitlisted', 2]);
    // The first press's join meets a conflict, then finds the reservation held; giving up place 1 meets `conflicts` more.
    const script: Fault[] = ['conflict', 'pass', ...Array.from({ length: conflicts }, (): Fault => 'conflict')];
    let transactions = 0;
    faults.plan = (operation) => (operation === 'TransactWriteItems' ? (transactions++, script.shift() ?? 'pass') : 'pass');
    slow.release();
    const answer = await first;
    faults.plan = () => 'pass';
    assert.deepEqual([answer.status, answer.body.status, answer.body.position], [201, 'waitlisted', 2], answer.text);
    assert.equal(transactions, 3 + conflicts, 'join (conflict), join (already holds), the conflicts giving up, give up');
    assert.deepEqual(await place('ben', id), ['waitlisted', 1], 'nobody is left ahead of ben');
    const { waiting, seats } = await auditSeats(api.tableName, 'summit', id);
    assert.deepEqual([waiting, seats.givenUp], [[{ attendeeId: 'ben', place: 2 }], 1]);
  });
}
