import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch, checkSessionAgainstEvent, diffSpeakers, sameSessionFields } from '../../lambda/domain/sessions';
import { sessionInput, type CatalogueEvent } from '../../lambda/domain/schemas';

const event: CatalogueEvent = {
  id: 'summit',
  name: 'Summit',
  timezone: 'Asia/Seoul',
  days: [{ date: '2024-05-16' }],
  tracks: ['AI/ML'],
  version: 1,
};

test('merge patch: null removes, values replace, capacity null stays (unlimited)', () => {
  assert.deepEqual(applyMergePatch({ title: 'a', room: 'r', capacity: 10 }, { room: null, title: 'b', capacity: null }), {
    title: 'b',
    capacity: null,
  });
});

test('a session must start on one of the event’s days, in the event’s zone', () => {
  const at = (startsAt: string, endsAt: string) => sessionInput().parse({ title: 't', startsAt, endsAt });
  // 23:30 on the 15th in UTC is 08:30 on the 16th in Seoul.
  assert.deepEqual(checkSessionAgainstEvent(at('2024-05-15T23:30:00Z', '2024-05-16T00:30:00Z'), event), []);
  assert.equal(checkSessionAgainstEvent(at('2024-05-16T15:30:00Z', '2024-05-16T16:00:00Z'), event)[0]?.path, 'startsAt');
  assert.equal(checkSessionAgainstEvent(sessionInput().parse({ title: 't', track: 'Other' }), event)[0]?.path, 'track');
  assert.deepEqual(checkSessionAgainstEvent(sessionInput().parse({ title: 't' }), event), []);
});

test('same session fields: key order and absent fields do not matter', () => {
  const a = sessionInput().parse({ title: 't', tags: ['x'], room: undefined });
  const b = sessionInput().parse({ tags: ['x'], title: 't' });
  assert.ok(sameSessionFields(a, b));
  assert.ok(!sameSessionFields(a, sessionInput().parse({ title: 't', tags: ['y'] })));
});

test('speaker diff', () => {
  assert.deepEqual(diffSpeakers(['a', 'b'], ['b', 'c']), { added: ['c'], removed: ['a'], kept: ['b'] });
});
