/**
 * Addresses of the web page's own pages, for links meant for people (the
 * schedule exports'). The page keeps its routes in the URL hash, because the
 * API owns the paths (web/src/router.ts, web/src/main.ts): `#/e/{event}` is
 * an event's timetable, `#/e/{event}/s/{session}` a session's page.
 */
const pageUrl = (baseUrl: string, segments: string[]) => `${baseUrl}/#/${segments.map(encodeURIComponent).join('/')}`;

export const eventPageUrl = (baseUrl: string, eventId: string) => pageUrl(baseUrl, ['e', eventId]);

export const sessionPageUrl = (baseUrl: string, eventId: string, sessionId: string) => pageUrl(baseUrl, ['e', eventId, 's', sessionId]);
