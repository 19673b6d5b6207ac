/**
 * Which versions a conditional write accepts: the versions named in If-Match,
 * or any current version (`If-Match: *`). The HTTP layer parses the header;
 * the use cases compare against what is stored.
 */
import { CatalogueError } from './errors';

export type VersionMatch = { readonly any: true } | { readonly versions: readonly number[] };

/** RFC 9110 §13.1.1: `*` matches any current representation, a list when one of its tags does; nothing matches a missing resource. */
export function versionMatches(match: VersionMatch, current: number | undefined): boolean {
  if (current === undefined) return false;
  return 'any' in match || match.versions.includes(current);
}

export function staleIfMatch(currentVersion: number, what: string): CatalogueError {
  return new CatalogueError('precondition-failed', `The ${what} is at version ${currentVersion}, which If-Match does not name; read it again`);
}
