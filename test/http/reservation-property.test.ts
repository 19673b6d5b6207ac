/**
 * Property: any sequence of reservations and cancellations by a handful of
 * attendees leaves the session exactly where a plain model of "seats, then
 * a first-come-first-served queue" says it should be, and the stored
 * counters always equal a recount of the items.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { auditSeats } from '../support/seat-audit';

const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
let api: TestApi;
const tokens: Record<string, string> = {};
let run = 0;

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  for (const who of PEOPLE) tokens[who] = await api.tokenFor(who);
});
after(() => api.close());

/** The model: who has a seat, and who waits in which order. */
class Model {
  confirmed: string[] = [];
  waiting: string[] = [];
  constructor(readonly capacity: number) {}
  reserve(who: string) {
    if (this.confirmed.includes(who) || this.waiting.includes(who)) return;
    if (this.confirmed.length < this.capacity) this.confirmed.push(who);
    else this.waiting.push(who);
  }
  cancel(who: string): boolean {
    if (this.waiting.includes(who)) {
      this.waiting = this.waiting.filter((w) => w !== who);
      return true;
    }
    if (!this.confirmed.includes(who)) return false;
    this.confirmed = this.confirmed.filter((c) => c !== who);
    const next = this.waiting.shift();
    if (next) this.confirmed.push(next);
    return true;
  }
  expected(who: string) {
    if (this.confirmed.includes(who)) return { status: 'confirmed' };
    const index = this.waiting.indexOf(who);
    return index >= 0 ? { status: 'waitlisted', position: index + 1 } : undefined;
  }
}

const step = fc.record({ op: fc.constantFrom('reserve', 'reserve', 'cancel'), who: fc.constantFrom(...PEOPLE) });

test('random reserve/cancel sequences match the model; counters equal a recount after every step', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.array(step, { minLength: 1, maxLength: 14 }), async (capacity, steps) => {
      const id = `prop-${run++}`;
      const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id, capacity }) });
      assert.equal(created.status, 201);
      const model = new Model(capacity);
      for (const { op, who } of steps) {
        const path = `/events/summit/sessions/${id}/reservation`;
        if (op === 'reserve') {
          model.reserve(who);
          const result = await api.call('PUT', path, { token: tokens[who] });
          assert.equal(result.status, 201);
          const { status, position } = result.body;
          assert.deepEqual(position === undefined ? { status } : { status, position }, model.expected(who));
        } else {
          const held = model.cancel(who);
          const result = await api.call('DELETE', path, { token: tokens[who] });
          assert.equal(result.status, held ? 204 : 404);
        }
        const { confirmed, waiting } = await auditSeats(api.tableName, 'summit', id);
        assert.deepEqual([...confirmed].sort(), [...model.confirmed].sort());
        assert.deepEqual(waiting.map((w) => w.attendeeId), model.waiting);
      }
    }),
    { numRuns: 25, seed: 20240516 },
  );
});
