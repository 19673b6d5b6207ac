import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, routeKeyOf, routes } from '../../lambda/api/routes';

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

test('HEAD matches every GET row, under its own route key; no other row', () => {
  for (const route of routes) {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => `x-${name.toLowerCase()}`);
    const { match } = matchRoute('HEAD', path);
    if (route.method === 'GET') {
      assert.equal(match?.route, route);
      assert.equal(match?.routeKey, `HEAD ${route.path}`);
    } else if (!routes.some((r) => r.method === 'GET' && r.path === route.path)) {
      assert.equal(match, undefined, route.path);
    }
  }
});

test('route keys are unique', () => {
  const keys = routes.map(routeKeyOf);
  assert.equal(new Set(keys).size, keys.length);
});

test('a known path with another method lists the allowed methods; an unknown path lists none', () => {
  assert.deepEqual(matchRoute('DELETE', '/events').allowed, ['GET', 'HEAD']);
  assert.deepEqual(matchRoute('GET', '/events/a/b/c/d').allowed, []);
  assert.equal(matchRoute('GET', '/events/').match, undefined);
});

test('every organiser route names its event in the path, so the handler can tell whose it is', () => {
  for (const route of routes.filter((r) => r.access === 'organiser')) assert.match(route.path, /\{eventId\}/, routeKeyOf(route));
});
