import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, routeKeyOf, routes } from '../../lambda/api/routes';
import { parseGroups } from '../../lambda/api/handler';

test('every route matches its own path with its parameters, and nothing else claims it', () => {
  for (const route of routes) {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => `x-${name.toLowerCase()}`);
    const { match } = matchRoute(route.method, path);
    assert.equal(match && routeKeyOf(match.route), routeKeyOf(route));
    for (const name of [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
      assert.equal(match!.pathParameters[name], `x-${name.toLowerCase()}`);
    }
  }
});

test('route keys are unique', () => {
  const keys = routes.map(routeKeyOf);
  assert.equal(new Set(keys).size, keys.length);
});

test('a known path with another method lists the allowed methods; an unknown path lists none', () => {
  assert.deepEqual(matchRoute('DELETE', '/events').allowed, ['GET']);
  assert.deepEqual(matchRoute('GET', '/events/a/b/c/d').allowed, []);
  assert.equal(matchRoute('GET', '/events/').match, undefined);
});

test('cognito:groups is read as API Gateway passes it and as a token holds it', () => {
  assert.deepEqual(parseGroups('[admin other]'), ['admin', 'other']);
  assert.deepEqual(parseGroups('[admin]'), ['admin']);
  assert.deepEqual(parseGroups('[]'), []);
  assert.deepEqual(parseGroups(['admin', 'x']), ['admin', 'x']);
  assert.deepEqual(parseGroups('[administrators]'), ['administrators']);
  assert.ok(!parseGroups('[administrators]').includes('admin'));
  assert.deepEqual(parseGroups(undefined), []);
});
