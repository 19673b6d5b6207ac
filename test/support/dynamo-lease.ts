/**
 * Loaded into every test file's process (`test/run.ts` passes it with
 * `--import`): the file takes one of the run's DynamoDB Local engines for
 * itself, the first one no other running file holds, and gives it back
 * when it exits. DynamoDB Local runs one transaction at a time per
 * database, and a transaction that waits too long for that lock fails; so
 * two files rushing one engine at once time each other out, where each
 * alone is done in half a minute. With as many engines as files running at
 * once, no two files ever share one.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const endpoints = process.env.DYNAMODB_ENDPOINTS?.split(',') ?? [];
const leases = process.env.DYNAMODB_LEASES;
// The runner itself loads this module too: only its test files (NODE_TEST_CONTEXT) take an engine.
if (process.env.NODE_TEST_CONTEXT && leases && endpoints.length > 0) {
  const lock = await take(leases, endpoints.length);
  process.env.DYNAMODB_ENDPOINT = endpoints[lock.index];
  process.once('exit', () => rmSync(lock.path, { recursive: true, force: true }));
}

async function take(dir: string, count: number): Promise<{ index: number; path: string }> {
  for (;;) {
    for (let index = 0; index < count; index++) {
      const path = join(dir, String(index));
      try {
        mkdirSync(path);
        writeFileSync(join(path, 'pid'), String(process.pid));
        return { index, path };
      } catch {
        if (!held(path)) rmSync(path, { recursive: true, force: true });
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A lease whose process is gone (killed at its timeout) is free; one just being taken (no pid yet, for a moment) is not. */
function held(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(path, 'pid'), 'utf8'));
  } catch {
    try {
      return Date.now() - statSync(path).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
