/**
 * Opaque list cursors. A cursor carries DynamoDB's LastEvaluatedKey and a
 * fingerprint of the query it belongs to, with a MAC under the deployment's
 * own secret. It is accepted only for the same query, and only if its key
 * has exactly the attributes of the index being read, each of its declared
 * type, and the partition the query reads, so an altered or foreign cursor
 * is a 400, never another query's data.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CatalogueError } from '../domain/errors';
import type { KeyAttribute } from './table-definition';

type KeyValue = string | number;
export type PageKey = Record<string, KeyValue>;

/** Fingerprint of a query: what it reads and how it filters, not its page size. */
export function queryFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export const invalidCursor = () =>
  new CatalogueError('invalid', 'The cursor is not valid for this query', [
    { path: 'query.cursor', message: 'was altered, has expired, or belongs to another query; start again without it' },
  ]);

/** DynamoDB's limit on a sort key value (a partition value must equal the query's anyway). */
const MAX_KEY_BYTES = 1024;

/** A key value DynamoDB accepts for an attribute of this type (anything else would be its ValidationException). */
function fitsType(value: unknown, type: KeyAttribute['type']): boolean {
  if (type === 'N') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= MAX_KEY_BYTES;
}

/** Signs and opens cursors with one deployment's secret: a cursor of another deployment does not open. */
export function createCursors(secret: Uint8Array) {
  if (secret.length < 32) throw new Error('the cursor secret must have at least 32 bytes');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);

  function encode(key: PageKey, fingerprint: string): string {
    const payload = Buffer.from(JSON.stringify({ f: fingerprint, k: key })).toString('base64url');
    return `${payload}.${mac(payload)}`;
  }

  /** The cursor's payload once its MAC verifies and it belongs to this query; a 400 otherwise. */
  function open(cursor: string, fingerprint: string): Record<string, unknown> {
    const [payload, tag, extra] = cursor.split('.');
    if (!payload || !tag || extra !== undefined) throw invalidCursor();
    const expected = Buffer.from(mac(payload));
    const given = Buffer.from(tag);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidCursor();
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    const { f, k } = (decoded ?? {}) as { f?: unknown; k?: unknown };
    if (f !== fingerprint || typeof k !== 'object' || k === null || Array.isArray(k)) throw invalidCursor();
    return k as Record<string, unknown>;
  }

  // The MAC makes tampering evident; the structural checks below keep even a
  // cursor signed with a leaked secret inside its own query and acceptable to DynamoDB.
  function decode(cursor: string, fingerprint: string, expect: { attributes: readonly KeyAttribute[]; partition: { name: string; value: string } }): PageKey {
    const key = decodePosition(cursor, fingerprint, expect.attributes);
    if (key[expect.partition.name] !== expect.partition.value) throw invalidCursor();
    return key;
  }

  /**
   * A cursor's key, with exactly `attributes`, each of its type. Alone
   * (without decode's partition check) only for a page merged from several
   * partitions, whose partition values come from the query, never from the cursor.
   */
  function decodePosition(cursor: string, fingerprint: string, attributes: readonly KeyAttribute[]): PageKey {
    const key = open(cursor, fingerprint);
    const names = Object.keys(key).sort();
    const wanted = attributes.map((a) => a.name).sort();
    if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) throw invalidCursor();
    if (!attributes.every((a) => fitsType(key[a.name], a.type))) throw invalidCursor();
    return key as PageKey;
  }

  /** A cursor into a list computed in memory (search results): a position, bound to its query like any cursor. */
  function encodeOffset(offset: number, fingerprint: string): string {
    return encode({ offset }, fingerprint);
  }

  function decodeOffset(cursor: string, fingerprint: string): number {
    const key = open(cursor, fingerprint);
    const { offset } = key;
    if (Object.keys(key).length !== 1 || typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw invalidCursor();
    return offset;
  }

  return { encode, decode, decodePosition, encodeOffset, decodeOffset };
}

export type Cursors = ReturnType<typeof createCursors>;
