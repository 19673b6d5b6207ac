/**
 * Who is signed in: the ID token in sessionStorage (gone when the tab
 * closes). The page reads its claims only to show a name and decide what to
 * offer; the API (or API Gateway's JWT authorizer) is what checks it.
 */
const STORAGE_KEY = 'catalogue.idToken';

export interface User {
  sub: string;
  /** What to show: the email in Cognito, the attendee id locally. */
  name: string;
  admin: boolean;
  token: string;
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
    name: typeof claims.email === 'string' ? claims.email : claims.sub,
    admin: Array.isArray(groups) && groups.includes('admin'),
    token,
  };
}

export function signIn(token: string): void {
  sessionStorage.setItem(STORAGE_KEY, token);
  listeners.forEach((listener) => listener());
}

export function signOut(): void {
  if (sessionStorage.getItem(STORAGE_KEY) === null) return;
  sessionStorage.removeItem(STORAGE_KEY);
  listeners.forEach((listener) => listener());
}

export const onAuthChange = (listener: () => void) => listeners.add(listener);
