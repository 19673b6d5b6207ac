/** docs/api.md, the repository's own description of the public API, lists exactly the routes the route table serves, each with its access. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { routes } from '../../lambda/api/routes';

test('docs/api.md has one row per route of the route table, with who may call it, and no route the server lacks', () => {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  // Rows of the routes table: | GET | `/events/{eventId}` | public | 200 | … |
  const rows = [...doc.matchAll(/^\| (GET|PUT|POST|PATCH|DELETE) \| `([^`]+)` \| (\w+) \|/gm)].map(([, method, path, access]) => `${method} ${path} ${access}`);
  assert.deepEqual(rows.sort(), routes.map((r) => `${r.method} ${r.path} ${r.access}`).sort());
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.match(readme, /\]\(docs\/api\.md\)/, 'the README links it');
});
