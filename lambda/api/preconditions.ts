/**
 * Optimistic locking over HTTP: a resource's ETag is its version, and a write
 * names the version it read in If-Match (RFC 9110 13.1.1).
 */
import { createHash } from 'node:crypto';
import { CatalogueError } from '../domain/errors';
import type { ApiRequest } from './http';

/**
 * A resource's ETag: its version, then a short hash of what the answer shows.
 * The hash makes the ETag change when something the resource embeds changes
 * without a new version (a session's live seats, a speaker's sessions), so a
 * revalidating GET never keeps stale data. If-Match compares the version
 * part, which is what a write replaces; a bare `"3"` is accepted too.
 */
export function etagOf(version: number, representation: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 10);
  return `"${version}.${hash}"`;
}

/** The version in If-Match, or undefined when the header is absent. */
export function ifMatchVersion(request: ApiRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*"(\d{1,15})(?:\.[\w-]{1,40})?"\s*$/.exec(header);
  if (!match) {
    throw new CatalogueError('invalid', 'If-Match must be the ETag you read, e.g. "3"', [
      { path: 'header.If-Match', message: 'must be one strong ETag such as "3"' },
    ]);
  }
  return Number(match[1]);
}

export function requiredIfMatchVersion(request: ApiRequest): number {
  const version = ifMatchVersion(request);
  if (version === undefined) {
    throw new CatalogueError('precondition-required', 'Send If-Match with the ETag you read, so that you do not overwrite a change you have not seen', [
      { path: 'header.If-Match', message: 'is required' },
    ]);
  }
  return version;
}
