/**
 * Opaque list cursors. A cursor carries DynamoDB's LastEvaluatedKey and a
 * fingerprint of the query it belongs to, with a MAC. It is accepted only for
 * the same query, and only if its key has exactly the attributes of the index
 * being read and the partition the query reads, so an altered or foreign
 * cursor is a 400, never another query's data.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CatalogueError } from '../domain/errors';

type KeyValue = string | number;
export type PageKey = Record<string, KeyValue>;

// The MAC makes tampering evident; the structural checks below are what keep a
// forged cursor inside its own query, so a leaked secret exposes no data.
const secret = process.env.CURSOR_SECRET ?? 'session-catalogue-cursor';

const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);

/** Fingerprint of a query: what it reads and how it filters, not its page size. */
export function queryFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeCursor(key: PageKey, fingerprint: string): string {
  const payload = Buffer.from(JSON.stringify({ f: fingerprint, k: key })).toString('base64url');
  return `${payload}.${mac(payload)}`;
}

const invalid = () =>
  new CatalogueError('invalid', 'The cursor is not valid for this query', [
    { path: 'query.cursor', message: 'was altered, has expired, or belongs to another query; start again without it' },
  ]);

/** The cursor's payload once its MAC verifies and it belongs to this query; a 400 otherwise. */
function openCursor(cursor: string, fingerprint: string): Record<string, unknown> {
  const [payload, tag, extra] = cursor.split('.');
  if (!payload || !tag || extra !== undefined) throw invalid();
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { f, k } = (decoded ?? {}) as { f?: unknown; k?: unknown };
  if (f !== fingerprint || typeof k !== 'object' || k === null) throw invalid();
  return k as Record<string, unknown>;
}

export function decodeCursor(
  cursor: string,
  fingerprint: string,
  expect: { attributes: readonly string[]; partition: { name: string; value: string } },
): PageKey {
  const key = openCursor(cursor, fingerprint);
  const names = Object.keys(key).sort();
  const wanted = [...expect.attributes].sort();
  if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) throw invalid();
  if (Object.values(key).some((v) => typeof v !== 'string' && typeof v !== 'number')) throw invalid();
  if (key[expect.partition.name] !== expect.partition.value) throw invalid();
  return key as PageKey;
}

/** A cursor into a list computed in memory (search results): a position, bound to its query like any cursor. */
export function encodeOffsetCursor(offset: number, fingerprint: string): string {
  return encodeCursor({ offset }, fingerprint);
}

export function decodeOffsetCursor(cursor: string, fingerprint: string): number {
  const { offset } = openCursor(cursor, fingerprint);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalid();
  return offset;
}
