/** Who the caller is, from the claims exactly as API Gateway's JWT authorizer hands them to Lambda. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, isAdmin, isStaff, organises, parseGroups } from '../../lambda/api/caller';

test('cognito:groups: one bracket pair stripped, split on whitespace, whole names only', () => {
  assert.deepEqual(parseGroups('[admin other]'), ['admin', 'other']);
  assert.deepEqual(parseGroups('[admin]'), ['admin']);
  assert.deepEqual(parseGroups('[]'), []);
  assert.deepEqual(parseGroups('[organiser:summit\torganiser:next]'), ['organiser:summit', 'organiser:next']);
  // A comma belongs to a group name; a lone bracket, no brackets or a second pair name no group.
  assert.deepEqual(parseGroups('[staff,admin]'), ['staff,admin']);
  assert.deepEqual(parseGroups('[admin'), []);
  assert.deepEqual(parseGroups('admin'), []);
  assert.deepEqual(parseGroups('[[admin]]'), ['[admin]']);
  assert.deepEqual(parseGroups(['admin']), []);
  assert.deepEqual(parseGroups(undefined), []);
});

const access = { token_use: 'access', sub: 'alice' };
const callerWith = (groups: string) => {
  const identity = callerOf({ ...access, 'cognito:groups': groups });
  assert.ok('caller' in identity);
  return identity.caller;
};

test('admin, organiser and staff are whole group names', () => {
  for (const groups of ['[staff,admin]', '[admin2]', '[administrators]', '[[admin]]', '[Admin]']) assert.equal(isAdmin(callerWith(groups)), false, groups);
  assert.equal(isAdmin(callerWith('[staff admin]')), true);
  const organiser = callerWith('[organiser:summit]');
  assert.equal(organises(organiser, 'summit'), true);
  assert.equal(organises(organiser, 'summit-2'), false);
  assert.equal(organises(organiser, 'summi'), false);
  assert.equal(isStaff(organiser), true);
  assert.equal(organises(callerWith('[organiser:summit,organiser:other]'), 'other'), false);
  assert.equal(isStaff(callerWith('[organisers]')), false);
  assert.equal(isStaff(callerWith('[organiser:summit,admin]')), false);
  assert.equal(isStaff(callerWith('[organiser:]')), false);
  assert.equal(organises(callerWith('[admin]'), 'anything'), true);
});

test('only access tokens, and only a sub that is a slug (a Cognito UUID is one)', () => {
  assert.deepEqual(callerOf({ ...access, sub: '8f14e45f-ceea-467f-a0e6-9d5c1b2f3a4b' }), { caller: { sub: '8f14e45f-ceea-467f-a0e6-9d5c1b2f3a4b', groups: [] } });
  for (const claims of [{ sub: 'alice' }, { ...access, token_use: 'id' }, { ...access, sub: undefined }, { ...access, sub: 'A' }, { ...access, sub: 'x'.repeat(65) }, { ...access, sub: 'a#b' }]) {
    assert.ok('refusal' in callerOf(claims), JSON.stringify(claims));
  }
});
