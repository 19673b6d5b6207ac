/**
 * The HTTP side of an operation: the request an operation sees (already
 * routed, authenticated and parsed) and the response it returns, plus the
 * RFC 9457 problem documents every error becomes.
 */
import type { FieldError, FailureKind } from '../domain/errors';
import type { QueryParameters } from './query';

/** The header CloudFront adds to every request it sends to the API (lib/web-hosting.ts); the handler requires it. */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

export interface Caller {
  /** The attendee id: the token's `sub`. */
  sub: string;
  groups: string[];
}

export interface ApiRequest {
  method: string;
  path: string;
  pathParameters: Record<string, string>;
  /** One value per parameter, or a list when it was repeated (see ./query.ts). */
  query: QueryParameters;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, the text of a `text/csv` body (routes marked `csv`), or undefined when the request had none. */
  body: unknown;
  caller: Caller | undefined;
  /**
   * The configured public base URL (scheme, host, any path prefix; no
   * trailing slash) that every URL the API prints starts with. Never taken
   * from Host or X-Forwarded-* headers, which a client chooses.
   */
  publicBaseUrl: string;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A body that is not JSON (iCalendar, say): sent as is with its own content type. */
  text?: string;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({ status, body, headers });

export const statusOf: Record<FailureKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'unprocessable': 422,
  'precondition-required': 428,
  unavailable: 503,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Problem types are documented in docs/api.md; the slug tells a client what kind of failure it is. */
export const problemTypes: Record<number, string> = {
  400: '/problems/invalid-request',
  401: '/problems/unauthenticated',
  403: '/problems/forbidden',
  404: '/problems/not-found',
  405: '/problems/method-not-allowed',
  408: '/problems/request-timeout',
  409: '/problems/conflict',
  412: '/problems/stale-version',
  413: '/problems/too-large',
  414: '/problems/uri-too-long',
  415: '/problems/unsupported-media-type',
  422: '/problems/unprocessable',
  428: '/problems/if-match-required',
  431: '/problems/headers-too-large',
  500: '/problems/internal',
  503: '/problems/unavailable',
};

export function problem(
  status: number,
  detail: string,
  errors: readonly FieldError[] = [],
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: {
      type: problemTypes[status] ?? 'about:blank',
      title: titles[status] ?? 'Error',
      status,
      detail,
      ...(errors.length > 0 ? { errors } : {}),
    },
  };
}
