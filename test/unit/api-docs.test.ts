/** docs/api.md, the repository's own description of the public API, lists exactly the routes the route table serves, each with its access. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { routes } from '../../lambda/api/routes';
import { openApiDocument } from '../../lambda/api/openapi';

test('docs/api.md has one row per route of the route table, with who may call it, and no route the server lacks', () => {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  // Rows of the routes table: | GET | `/events/{eventId}` | public | 200 | … |
  const rows = [...doc.matchAll(/^\| (GET|PUT|POST|PATCH|DELETE) \| `([^`]+)` \| (\w+) \|/gm)].map(([, method, path, access]) => `${method} ${path} ${access}`);
  assert.deepEqual(rows.sort(), routes.map((r) => `${r.method} ${r.path} ${r.access}`).sort());
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.match(readme, /\]\(docs\/api\.md\)/, 'the README links it');
});

test('docs/api.md gives each route the success statuses of the OpenAPI document (201 created, 200 replaced…)', () => {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const paths = openApiDocument().paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
  const inDocs = [...doc.matchAll(/^\| (GET|PUT|POST|PATCH|DELETE) \| `([^`]+)` \| \w+ \| ([^|]+) \|/gm)].map(
    ([, method, path, success]) => `${method} ${path} ${[...success!.matchAll(/\b2\d\d\b/g)].map(([status]) => status).sort().join(' ')}`,
  );
  const inDocument = routes.map((r) => `${r.method} ${r.path} ${Object.keys(paths[r.path]![r.method.toLowerCase()]!.responses).filter((s) => s.startsWith('2')).sort().join(' ')}`);
  assert.deepEqual(inDocs.sort(), inDocument.sort());
});
