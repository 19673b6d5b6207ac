import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch, canonicalSession, checkSessionAgainstEvent, diffSpeakers } from '../../lambda/domain/sessions';
import { normalizeForSearch, queryWords, sessionSearchText } from '../../lambda/domain/search-text';
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
  const at = (startsAt: string, endsAt: string) => sessionInput.parse({ title: 't', startsAt, endsAt });
  // 23:30 on the 15th in UTC is 08:30 on the 16th in Seoul.
  assert.deepEqual(checkSessionAgainstEvent(at('2024-05-15T23:30:00Z', '2024-05-16T00:30:00Z'), event), []);
  assert.equal(checkSessionAgainstEvent(at('2024-05-16T15:30:00Z', '2024-05-16T16:00:00Z'), event)[0]?.path, 'startsAt');
  assert.equal(checkSessionAgainstEvent(sessionInput.parse({ title: 't', track: 'Other' }), event)[0]?.path, 'track');
  assert.deepEqual(checkSessionAgainstEvent(sessionInput.parse({ title: 't' }), event), []);
});

test('canonical form ignores key order and absent fields', () => {
  const a = sessionInput.parse({ title: 't', tags: ['x'], room: undefined });
  const b = sessionInput.parse({ tags: ['x'], title: 't' });
  assert.equal(canonicalSession(a), canonicalSession(b));
  assert.notEqual(canonicalSession(a), canonicalSession(sessionInput.parse({ title: 't', tags: ['y'] })));
});

test('speaker diff', () => {
  assert.deepEqual(diffSpeakers(['a', 'b'], ['b', 'c']), { added: ['c'], removed: ['a'], kept: ['b'] });
});

test('search text folds case, width and Hangul written as separate jamo', () => {
  assert.equal(normalizeForSearch('ＡＷＳ  Graviton'), 'aws graviton');
  assert.equal(normalizeForSearch('\u1103\u1175\u110c\u1161\u110b\u1175\u11ab'), '디자인');
  assert.deepEqual(queryWords('  Lambda  lambda 서버리스 '), ['lambda', '서버리스']);
  const text = sessionSearchText({ title: 'Serverless', abstract: '요약', tags: ['Lambda'] }, [{ name: '함기호', company: 'AWS 코리아' }]);
  for (const word of ['serverless', '요약', 'lambda', '함기호', 'aws 코리아']) assert.ok(text.includes(word), word);
});
