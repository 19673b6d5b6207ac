/** The local run's cursor key: made once beside the data, kept across restarts, its own per data folder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCursorKey } from '../../local/cursor-key';
import { createCursors } from '../../lambda/store/cursor';
import { CatalogueError } from '../../lambda/domain/errors';

test('made on first start (owner-only), the same after a restart, another in another data folder', (t) => {
  const dirs = [mkdtempSync(join(tmpdir(), 'cursor-key-')), mkdtempSync(join(tmpdir(), 'cursor-key-'))];
  t.after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const file = join(dirs[0]!, 'data', 'cursor-key');
  const first = loadCursorKey(file);
  assert.equal(first.length, 32);
  assert.equal(statSync(file).mode & 0o777, 0o600);

  const cursor = createCursors(first).encodeOffset(25, 'fingerprint');
  assert.equal(createCursors(loadCursorKey(file)).decodeOffset(cursor, 'fingerprint'), 25, 'a cursor survives a restart');
  const elsewhere = createCursors(loadCursorKey(join(dirs[1]!, 'cursor-key')));
  assert.throws(() => elsewhere.decodeOffset(cursor, 'fingerprint'), CatalogueError, 'another installation refuses it');
});

test('a key file that is too short is refused rather than used', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cursor-key-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'cursor-key'), 'abcd\n');
  assert.throws(() => loadCursorKey(join(dir, 'cursor-key')), /at least 32 bytes/);
  assert.throws(() => createCursors(Buffer.alloc(16)), /at least 32 bytes/);
});
