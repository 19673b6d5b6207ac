/**
 * Calls to the API, always same-origin (locally the same server, in AWS the
 * same CloudFront distribution), with the bearer token when signed in.
 * Failures become ApiError, read from the RFC 9457 problem document.
 */
import { currentUser, signOut } from './auth';
import { lang, t } from './i18n';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** Seconds to wait, from Retry-After on a 503. */
    readonly retryAfter?: number,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is (an uploaded CSV), with its media type, instead of JSON. */
  raw?: { body: BodyInit; type: string };
  /** Headers beside the token's (If-Match on a console edit). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  cache?: RequestCache;
}

function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : Math.max(0, Math.ceil((Date.parse(value) - Date.now()) / 1000)) || undefined;
}

async function send(method: string, path: string, { body, raw, headers: extra = {}, signal, cache = 'no-cache' }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...extra };
  const user = currentUser();
  if (user) headers.authorization = `Bearer ${user.token}`;
  // Titles and abstracts in the page's language where a session has it (the API falls back to the session's own).
  headers['accept-language'] = lang();
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (raw) headers['content-type'] = raw.type;
  let response: Response;
  try {
    // no-cache: the browser may reuse a copy only after the server confirms it (ETag → 304), so lists and counts are never stale.
    response = await fetch(path, { method, headers, body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body), signal, cache });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, (error as Error).message);
  }
  if (response.ok) return response;
  // problem+json from the API; API Gateway's own 401 is {"message": "Unauthorized"}.
  const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string; message?: string; errors?: FieldError[] };
  if (response.status === 401) signOut();
  throw new ApiError(response.status, problem.detail ?? problem.message ?? problem.title ?? response.statusText, problem.errors ?? [], retryAfterOf(response));
}

/** JSON in and out; undefined for 204. */
export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal });

/** JSON in and out, with the answer's headers (Location of a started job). */
export async function apiWithHeaders<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ body: T; headers: Headers }> {
  const response = await send(method, path, options);
  return { body: (await response.json()) as T, headers: response.headers };
}

/**
 * GET past the browser's cache. One session's ETag is its version, which a
 * reservation does not change, so a conditional GET would answer 304 with
 * old seat counts; seats are always read afresh.
 */
export const getFresh = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal, cache: 'no-store' });

/** Every page of a list (the API answers at most 100 items a page), and what its first page says beside them (a search's facets). */
export async function getAll<T, Head extends object = object>(path: string, signal?: AbortSignal, maxPages = Infinity): Promise<{ items: T[]; complete: boolean; head?: Head }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let head: Head | undefined;
  for (let pages = 0; pages < maxPages; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } & Head = await get(`${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal);
    const { items: pageItems, nextCursor, ...rest } = page;
    head ??= rest as unknown as Head;
    items.push(...pageItems);
    cursor = nextCursor;
    if (!cursor) return { items, complete: true, head };
  }
  return { items, complete: false, head };
}

/** A non-JSON body (the agenda's iCalendar) as a Blob, fetched with the token. */
export const getBlob = async (path: string) => (await send('GET', path, {})).blob();

/** What a failure means for the reader, in the page's language, without the server's own words. */
export function errorLead(error: unknown): string {
  if (!(error instanceof ApiError) || error.status === 0) return t('error.network');
  const { status, retryAfter } = error;
  return status === 400 || status === 415 || status === 422 ? t('error.400')
    : status === 401 ? t('error.401')
    : status === 403 ? t('error.403')
    : status === 404 ? t('error.404')
    : status === 409 ? t('error.409')
    : status === 412 || status === 428 ? t('error.412')
    : status === 503 ? t('error.503', { seconds: retryAfter ?? 5 })
    : t('error.other', { status });
}

/** The failure in plain words: what it means for the reader, then the server's own detail and the fields it names. */
export function describeError(error: unknown): string {
  // fetch fails with a TypeError when the network does; other errors (Cognito's) carry their own words.
  if (!(error instanceof ApiError)) return error instanceof Error && !(error instanceof TypeError) ? error.message : t('error.network');
  if (error.status === 0) return t('error.network');
  const fields = error.errors.map((e) => `${e.path.replace(/^(body|query)\./, '')}: ${e.message}`);
  return [errorLead(error), error.detail, ...fields].filter(Boolean).join(' ');
}
