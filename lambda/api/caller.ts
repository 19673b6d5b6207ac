/**
 * Who the caller is, from the claims API Gateway's JWT authorizer hands to
 * Lambda (and the local server hands over the same way), and what their
 * groups let them do. docs/security.md explains the choices.
 */
import { SLUG_PATTERN } from '../domain/vocabulary';
import type { Organises } from '../catalogue/resources';
import type { Caller } from './http';

/** The group of every admin: every right on every event, and alone creates events. */
export const ADMIN_GROUP = 'admin';

/** The group of an event's organisers (`organiser:{eventId}`), in the staff user pool. */
export const organiserGroup = (eventId: string) => `organiser:${eventId}`;

/**
 * `cognito:groups` arrives from the authorizer as one string, the array
 * written as `[a b]`. Strip exactly that one bracket pair and split on
 * whitespace (Cognito group names hold none); anything else names no group.
 */
export function parseGroups(claim: unknown): string[] {
  if (typeof claim !== 'string' || !claim.startsWith('[') || !claim.endsWith(']')) return [];
  return claim.slice(1, -1).split(/\s+/).filter(Boolean);
}

/**
 * The caller the claims name, or why they name none. Only access tokens are
 * taken (ID tokens are refused by the authorizer's scope too), and the `sub`
 * must be a slug, as Cognito's UUIDs are: it is stored in keys.
 */
export function callerOf(claims: Record<string, unknown>): { caller: Caller } | { refusal: string } {
  if (claims.token_use !== 'access') return { refusal: 'Send an access token: ID tokens are not accepted' };
  const sub = claims.sub;
  if (typeof sub !== 'string' || !SLUG_PATTERN.test(sub)) return { refusal: "The token's subject is not an id this API accepts" };
  return { caller: { sub, groups: parseGroups(claims['cognito:groups']) } };
}

export const isAdmin = (caller: Caller) => caller.groups.includes(ADMIN_GROUP);

/** Admins organise every event; an organiser the events of their groups. */
export const organises = (caller: Caller, eventId: string) => isAdmin(caller) || caller.groups.includes(organiserGroup(eventId));

/** An admin, or an organiser of at least one event (a group `organiser:{eventId}` whose event id is one). */
export const isStaff = (caller: Caller) =>
  isAdmin(caller) || caller.groups.some((group) => group.startsWith(organiserGroup('')) && SLUG_PATTERN.test(group.slice(organiserGroup('').length)));

/** The caller's events, as the use cases take them. */
export const organisedBy = (caller: Caller): Organises => (isAdmin(caller) ? 'all' : (eventId) => organises(caller, eventId));

/** The caller's rights as data, to store with work done later for them (an import job): all events, or these. */
export const organisedEvents = (caller: Caller): 'all' | string[] =>
  isAdmin(caller) ? 'all' : caller.groups.filter((group) => group.startsWith(organiserGroup(''))).map((group) => group.slice(organiserGroup('').length));
