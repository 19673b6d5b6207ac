/**
 * Cross-origin access to the API, in one place: the stack's `corsPreflight`
 * (lib/catalogue-stack.ts) and the local server (local/server.ts) both read
 * this, so a browser meets the same answers from `npm start` as from AWS.
 *
 * The web page is served with the API on one CloudFront distribution (one
 * origin), so it needs no CORS at all: only the origins a deployment names
 * (its custom domain, `-c corsOrigins=…`; locally CORS_ORIGINS) are allowed,
 * never `*`. With none named, the API has no CORS configuration and a
 * preflight reaches the routes like any request (404/405), in AWS as here.
 */

export const cors = {
  allowMethods: ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
  exposeHeaders: ['ETag', 'Location', 'Retry-After', 'WWW-Authenticate', 'Allow'],
  // Chromium caps preflight caching at 2 hours anyway.
  maxAgeSeconds: 2 * 60 * 60,
} as const;

/**
 * The origins in a comma-separated list (`-c corsOrigins=…`, CORS_ORIGINS),
 * each checked to be an origin (scheme, host, port; no path, no `*`), so a
 * typo fails the synth or the start instead of silently allowing nothing.
 */
export function parseOrigins(list: string | undefined): string[] {
  const origins = (list ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
      throw new Error(`"${origin}" is not an origin: write it as https://host[:port], without a path or a trailing slash (and never *)`);
    }
  }
  return origins;
}

/** API Gateway's names for the header lists it sends (header names are case-insensitive; it sends them lower-case). */
const headerList = (names: readonly string[]) => names.map((name) => name.toLowerCase()).join(',');

/**
 * What API Gateway answers a preflight (any OPTIONS request, once CORS is
 * configured): 204, with the allow headers only for an allowed origin; a
 * refused origin gets none, and the browser stops there.
 */
export function preflightHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> {
  if (origin === undefined || !allowedOrigins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': cors.allowMethods.join(','),
    'access-control-allow-headers': headerList(cors.allowHeaders),
    'access-control-max-age': String(cors.maxAgeSeconds),
  };
}

/** What API Gateway adds to an answer to a request from an allowed origin; nothing for any other. */
export function responseCorsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> {
  if (origin === undefined || !allowedOrigins.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': headerList(cors.exposeHeaders) };
}
