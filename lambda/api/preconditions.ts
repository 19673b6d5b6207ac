/**
 * Optimistic locking over HTTP: a resource's ETag is its version, and a write
 * names the version it read in If-Match (RFC 9110 13.1.1).
 */
import { CatalogueError } from '../domain/errors';
import type { VersionMatch } from '../domain/version-match';
import type { ApiRequest } from './http';

/** An entity-tag (RFC 9110 §8.8.3): optional `W/`, then a quoted opaque tag of visible characters other than `"`. */
const ENTITY_TAG = '(W/)?"([\\x21\\x23-\\x7e\\x80-\\xff]*)"';
/** `#entity-tag`: a comma-separated list, empty elements allowed (RFC 9110 §5.6.1). */
const TAG_LIST = new RegExp(`^[\\t ]*(?:${ENTITY_TAG}[\\t ]*)?(?:,[\\t ]*(?:${ENTITY_TAG}[\\t ]*)?)*$`);
/** The tags this server issues (lambda/api/etags.ts): `"{version}"`, or `"{version}.{state}"`. */
const OUR_TAG = /^(\d{1,15})(?:\.[\w-]{1,40})?$/;

const malformed = () =>
  new CatalogueError('invalid', 'If-Match must be * or a comma-separated list of ETags, e.g. "3"', [
    { path: 'header.If-Match', message: 'must be * or one or more entity tags such as "3"' },
  ]);

/**
 * If-Match as RFC 9110 §13.1.1 defines it, or undefined when the header is
 * absent. `*` matches any current version; a list matches when one of its
 * tags does, compared strongly, so a weak tag never matches; a well-formed
 * tag this server never issued matches nothing (412 at the write, not 400).
 * Only a value that is not an entity-tag list is a 400.
 */
export function ifMatchOf(request: ApiRequest): VersionMatch | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { any: true };
  if (!TAG_LIST.test(header)) throw malformed();
  const versions: number[] = [];
  for (const [, weak, opaque] of header.matchAll(new RegExp(ENTITY_TAG, 'g'))) {
    const ours = OUR_TAG.exec(opaque!);
    if (!weak && ours) versions.push(Number(ours[1]));
  }
  return { versions };
}

export function requiredIfMatch(request: ApiRequest): VersionMatch {
  const match = ifMatchOf(request);
  if (match === undefined) {
    throw new CatalogueError('precondition-required', 'Send If-Match with the ETag you read, so that you do not overwrite a change you have not seen', [
      { path: 'header.If-Match', message: 'is required' },
    ]);
  }
  return match;
}
