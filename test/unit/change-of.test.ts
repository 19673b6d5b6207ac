/** Which stream records are changes to the catalogue: a rewrite that changes nothing a client sees is none. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marshall } from '@aws-sdk/util-dynamodb';
import { changeOf, type StreamRecord } from '../../lambda/changes/record-changes';

const event = (days: object[], version = 3) => ({
  pk: 'EVENT#summit', sk: 'EVENT', entity: 'event', id: 'summit', name: 'Summit', timezone: 'Asia/Seoul', tracks: ['AI/ML'], days, version,
});
const modify = (before: object, after: object): StreamRecord => ({
  eventName: 'MODIFY',
  dynamodb: { OldImage: marshall(before), NewImage: marshall(after) },
});

test('images that differ only in the key order of a map (as DynamoDB may return them) are no change', () => {
  const before = event([{ date: '2024-05-16', theme: 'AI' }]);
  const after = event([{ theme: 'AI', date: '2024-05-16' }]);
  assert.equal(changeOf(modify(before, after)), undefined);
});

test('a new version or a changed field is a change', () => {
  const before = event([{ date: '2024-05-16', theme: 'AI' }]);
  assert.equal(changeOf(modify(before, event([{ date: '2024-05-16', theme: 'ML' }])))?.action, 'updated');
  assert.equal(changeOf(modify(before, event([{ date: '2024-05-16', theme: 'AI' }], 4)))?.version, 4);
});
