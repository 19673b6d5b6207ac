/**
 * POST /local/dev-token {sub, admin, organiserOf}: the development sign-in of
 * the web page: an attendee's token, or with admin or organiserOf a staff
 * member's (as `npm run token` mints them). It exists only in the local server (never in the CDK stack or a
 * Lambda), where anyone can already mint tokens with `npm run token`; in AWS
 * the page signs in against Cognito instead.
 */
import type { HttpResult } from '../lambda/api/handler';
import { problem } from '../lambda/api/http';
import { SLUG_PATTERN } from '../lambda/domain/vocabulary';
import type { FieldError } from '../lambda/domain/errors';
import type { LocalAuth } from './dev-auth';

export const DEV_TOKEN_PATH = '/local/dev-token';
/** Cognito puts a user in at most 100 groups. */
const MAX_EVENTS = 100;

const problemResult = (status: number, detail: string, errors: FieldError[] = [], extra: Record<string, string> = {}): HttpResult => {
  const { headers, body } = problem(status, detail, errors, extra);
  return { statusCode: status, headers, body: JSON.stringify(body) };
};

export async function devSignIn(method: string, path: string, body: Buffer, auth: LocalAuth): Promise<HttpResult | undefined> {
  if (path !== DEV_TOKEN_PATH) return undefined;
  if (method !== 'POST') return problemResult(405, 'Use POST', [], { allow: 'POST' });
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    return problemResult(400, 'Send JSON: {"sub": "alice", "admin": false, "organiserOf": []}', [{ path: 'body', message: 'is not JSON' }]);
  }
  const { sub, admin = false, organiserOf = [] } = (input ?? {}) as { sub?: unknown; admin?: unknown; organiserOf?: unknown };
  const errors: FieldError[] = [];
  // Attendee ids are slugs, as local/token.ts insists and Cognito's UUID subs are: they become parts of table keys.
  if (typeof sub !== 'string' || !SLUG_PATTERN.test(sub)) errors.push({ path: 'body.sub', message: 'must be a lowercase slug: [a-z0-9][a-z0-9-]{0,63}' });
  if (typeof admin !== 'boolean') errors.push({ path: 'body.admin', message: 'must be true or false' });
  if (!Array.isArray(organiserOf) || organiserOf.length > MAX_EVENTS || !organiserOf.every((id) => typeof id === 'string' && SLUG_PATTERN.test(id))) {
    errors.push({ path: 'body.organiserOf', message: `must be at most ${MAX_EVENTS} event ids, each a lowercase slug` });
  }
  if (errors.length > 0) return problemResult(400, 'The sign-in request is not valid', errors);
  const token = await auth.sign({ sub: sub as string, admin: admin as boolean, organiserOf: organiserOf as string[] });
  return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify({ token }) };
}
