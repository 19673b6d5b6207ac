/**
 * Who is signed in: the access token in sessionStorage (gone when the tab
 * closes), and the name typed at sign-in. The page reads the token's claims
 * only to decide what to offer; the API (or API Gateway's JWT authorizer) is
 * what checks it.
 */
const STORAGE_KEY = 'catalogue.accessToken';
const NAME_KEY = 'catalogue.name';

export interface User {
  sub: string;
  /** What to show: the email typed in Cognito's sign-in, the id locally. */
  name: string;
  /** The token's `cognito:groups`: `admin`, `organiser:{eventId}`. */
  groups: string[];
  token: string;
}

/** Admins and the event's organisers get its moderation buttons (the API decides, this only offers). */
export const mayOrganise = (user: User | undefined, eventId: string) =>
  !!user && (user.groups.includes('admin') || user.groups.includes(`organiser:${eventId}`));

export const isAdmin = (user: User | undefined) => !!user && user.groups.includes('admin');

/** Signed in from the staff pool: an admin or an organiser. */
export const isStaff = (user: User | undefined) => !!user && user.groups.some((g) => g === 'admin' || g.startsWith('organiser:'));

/**
 * The signed-in attendee. Staff tokens come from the other user pool, which
 * the attendee routes do not take, so a staff member is offered the
 * attendee's sign-in instead of buttons that would answer 401.
 */
export function currentAttendee(): User | undefined {
  const user = currentUser();
  return isStaff(user) ? undefined : user;
}

const listeners = new Set<() => void>();

function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function currentUser(): User | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  if (!token) return undefined;
  const claims = claimsOf(token);
  if (!claims || typeof claims.sub !== 'string' || Number(claims.exp ?? 0) * 1000 <= Date.now()) {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
  const groups = claims['cognito:groups'];
  return {
    sub: claims.sub,
    name: sessionStorage.getItem(NAME_KEY) ?? claims.sub,
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    token,
  };
}

export function signIn(token: string, name?: string): void {
  sessionStorage.setItem(STORAGE_KEY, token);
  if (name) sessionStorage.setItem(NAME_KEY, name);
  else sessionStorage.removeItem(NAME_KEY);
  listeners.forEach((listener) => listener());
}

export function signOut(): void {
  if (sessionStorage.getItem(STORAGE_KEY) === null) return;
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStorage.removeItem(NAME_KEY);
  listeners.forEach((listener) => listener());
}

export const onAuthChange = (listener: () => void) => listeners.add(listener);
