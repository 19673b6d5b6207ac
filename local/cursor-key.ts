/**
 * The local run's cursor key, kept beside the data like the token signing
 * key: random on first start, the same after a restart (so a client's cursor
 * survives it), and never the key of any other installation.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export function loadCursorKey(keyFile: string): Buffer {
  if (existsSync(keyFile)) {
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    if (key.length < 32) throw new Error(`${keyFile} must hold at least 32 bytes in hex; delete it to make a new one`);
    return key;
  }
  const key = randomBytes(32);
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  return key;
}
