/**
 * The route table: every route of the public contract, written once.
 * The CDK stack makes one API Gateway route per row (with the JWT authorizer
 * of the row's user pool where `access` is not public), the local server matches requests against
 * it, and the tests walk it. A row names the operation the handler runs and
 * the Lambda function (a group of operations sharing grants) that serves it.
 */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
/** A method a request may use: a row's, or HEAD, which every GET row answers too. */
export type RequestMethod = HttpMethod | 'HEAD';

/**
 * Who may call a route (docs/security.md):
 * - `public`: anyone, no token;
 * - `attendee`: a signed-in attendee (the attendee user pool);
 * - `organiser`: staff (the staff user pool, MFA required) in the group `admin`,
 *   or in `organiser:{eventId}` for the path's event;
 * - `staff`: any admin or organiser; the operation decides per resource
 *   (a speaker is not one event's: see putSpeaker).
 */
export type Access = 'public' | 'attendee' | 'organiser' | 'staff';

/** The two Cognito user pools, each with its own JWT authorizer. */
export type UserPoolName = 'attendee' | 'staff';

/** The user pool whose tokens a route takes, or none for a public route. */
export function userPoolOf(access: Access): UserPoolName | undefined {
  if (access === 'public') return undefined;
  return access === 'attendee' ? 'attendee' : 'staff';
}

/**
 * Every protected route requires this scope, which Cognito puts in access
 * tokens only: the authorizer itself refuses ID tokens. The Lambda checks
 * `token_use` as well.
 */
export const ACCESS_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * Lambda functions. Reads are split from writes so the public read path holds
 * no write permission; what each may do to the table is in
 * lambda/functions/table-grants.ts. `cursors`: it answers lists that page, so
 * it may read the deployment's cursor secret.
 */
export const lambdaFunctions = {
  catalogueRead: { entry: 'lambda/functions/catalogue-read.ts', cursors: true },
  catalogueWrite: { entry: 'lambda/functions/catalogue-write.ts', cursors: false },
  attendee: { entry: 'lambda/functions/attendee.ts', cursors: true },
  engagement: { entry: 'lambda/functions/engagement.ts', cursors: false },
} as const;

export type FunctionName = keyof typeof lambdaFunctions;

/**
 * How many requests a second a route takes (API Gateway throttles each route
 * of the stage; beyond it, a 429). Every route of every API in the account
 * draws on one quota per region, ACCOUNT_THROTTLE. Reserving takes what one
 * hot session takes by design (5,000 attempts a second over its seat
 * shards, docs/reservations.md); the routes that write are held low enough
 * that together, with the live channel's WebSocket stage (lib/live-channel.ts),
 * they leave reads READS_KEEP of the quota, so a rush of reservations or a
 * runaway script cannot starve them. test/cdk/edge.test.ts checks the sums.
 */
export const throttles = {
  /** Reads: the stage's default. */
  read: { rateLimit: 1000, burstLimit: 2000 },
  /** Reserving: the rush when a popular session opens; half a second of it in a burst. */
  reservation: { rateLimit: 5000, burstLimit: 2500 },
  /** Cancelling a reservation: people leave one by one. */
  cancellation: { rateLimit: 200, burstLimit: 200 },
  /** An attendee's other writes: bookmarks, votes, reviews, the calendar feed. */
  attendeeWrite: { rateLimit: 50, burstLimit: 100 },
  /** An attendee's settings (notice preferences): set once or twice, never in a rush. */
  settings: { rateLimit: 10, burstLimit: 20 },
  /** Organisers' and admins' writes, imports among them. */
  staffWrite: { rateLimit: 20, burstLimit: 20 },
} as const satisfies Record<string, { rateLimit: number; burstLimit: number }>;

export type Throttle = keyof typeof throttles;

/** API Gateway's default quota per account and region, shared by every route of every API there. */
export const ACCOUNT_THROTTLE = { rateLimit: 10_000, burstLimit: 5_000 } as const;

/** What the writing routes together leave of the account's quota for reads, even at their limits. */
export const READS_KEEP = { rateLimit: 4_000, burstLimit: 1_000 } as const;

export interface Route {
  readonly method: HttpMethod;
  /** Path template in API Gateway syntax, e.g. `/events/{eventId}`. */
  readonly path: string;
  readonly operation: string;
  readonly access: Access;
  readonly fn: FunctionName;
  readonly throttle: Throttle;
  /** The route also takes a `text/csv` body (handed to the operation as text); every other body is JSON. */
  readonly csv?: true;
}

export const routes = [
  { method: 'GET', path: '/events', operation: 'listEvents', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}', operation: 'getEvent', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'PUT', path: '/events/{eventId}', operation: 'putEvent', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'GET', path: '/events/{eventId}/sessions', operation: 'listSessions', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/search', operation: 'searchEverywhere', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'POST', path: '/events/{eventId}/sessions', operation: 'createSession', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'GET', path: '/events/{eventId}/sessions/{sessionId}', operation: 'getSession', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'PATCH', path: '/events/{eventId}/sessions/{sessionId}', operation: 'updateSession', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'DELETE', path: '/events/{eventId}/sessions/{sessionId}', operation: 'deleteSession', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'GET', path: '/events/{eventId}/speakers', operation: 'listEventSpeakers', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/tracks', operation: 'listTracks', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/rooms', operation: 'listRooms', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/levels', operation: 'listLevels', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/types', operation: 'listTypes', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'POST', path: '/events/{eventId}/import', operation: 'importCatalogue', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite', csv: true },
  { method: 'GET', path: '/events/{eventId}/imports/{jobId}', operation: 'getImportJob', access: 'organiser', fn: 'catalogueWrite', throttle: 'read' },
  { method: 'GET', path: '/speakers/{speakerId}', operation: 'getSpeaker', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'PUT', path: '/speakers/{speakerId}', operation: 'putSpeaker', access: 'staff', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'GET', path: '/events/{eventId}/schedule.json', operation: 'getScheduleJson', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/schedule.xml', operation: 'getScheduleXml', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/schedule.ics', operation: 'getScheduleIcs', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/changes', operation: 'listChanges', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/webhooks', operation: 'listWebhooks', access: 'organiser', fn: 'catalogueWrite', throttle: 'read' },
  { method: 'PUT', path: '/events/{eventId}/webhooks/{webhookId}', operation: 'putWebhook', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'GET', path: '/events/{eventId}/webhooks/{webhookId}', operation: 'getWebhook', access: 'organiser', fn: 'catalogueWrite', throttle: 'read' },
  { method: 'DELETE', path: '/events/{eventId}/webhooks/{webhookId}', operation: 'deleteWebhook', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'POST', path: '/events/{eventId}/webhooks/{webhookId}/secret', operation: 'rotateWebhookSecret', access: 'organiser', fn: 'catalogueWrite', throttle: 'staffWrite' },
  { method: 'GET', path: '/openapi.json', operation: 'getOpenApi', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'PUT', path: '/events/{eventId}/sessions/{sessionId}/reservation', operation: 'reserveSeat', access: 'attendee', fn: 'attendee', throttle: 'reservation' },
  { method: 'DELETE', path: '/events/{eventId}/sessions/{sessionId}/reservation', operation: 'cancelReservation', access: 'attendee', fn: 'attendee', throttle: 'cancellation' },
  // The door (docs/reservations.md, "Check-in"): the roster and the counts are reads of the session's partitions,
  // which the read function may Query; a check-in writes the seat, its counter and the reservation, as reserving does.
  { method: 'GET', path: '/events/{eventId}/sessions/{sessionId}/roster', operation: 'getRoster', access: 'organiser', fn: 'catalogueRead', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/check-ins', operation: 'listCheckInCounts', access: 'organiser', fn: 'catalogueRead', throttle: 'read' },
  { method: 'POST', path: '/events/{eventId}/sessions/{sessionId}/check-ins', operation: 'checkIn', access: 'organiser', fn: 'attendee', throttle: 'staffWrite' },
  { method: 'POST', path: '/events/{eventId}/sessions/{sessionId}/check-ins/batch', operation: 'checkInBatch', access: 'organiser', fn: 'attendee', throttle: 'staffWrite' },
  { method: 'GET', path: '/me/reservations', operation: 'listMyReservations', access: 'attendee', fn: 'attendee', throttle: 'read' },
  { method: 'PUT', path: '/me/agenda/{eventId}/{sessionId}', operation: 'addBookmark', access: 'attendee', fn: 'attendee', throttle: 'attendeeWrite' },
  { method: 'DELETE', path: '/me/agenda/{eventId}/{sessionId}', operation: 'removeBookmark', access: 'attendee', fn: 'attendee', throttle: 'attendeeWrite' },
  { method: 'GET', path: '/me/agenda', operation: 'getMyAgenda', access: 'attendee', fn: 'attendee', throttle: 'read' },
  { method: 'GET', path: '/me/agenda.ics', operation: 'getMyAgendaCalendar', access: 'attendee', fn: 'attendee', throttle: 'read' },
  { method: 'POST', path: '/me/calendar-feed', operation: 'rotateCalendarFeed', access: 'attendee', fn: 'attendee', throttle: 'attendeeWrite' },
  // How the attendee is told that a waitlisted place became a seat: email on or off, and where (docs/reservations.md).
  { method: 'GET', path: '/me/preferences', operation: 'getMyPreferences', access: 'attendee', fn: 'attendee', throttle: 'read' },
  { method: 'PUT', path: '/me/preferences', operation: 'putMyPreferences', access: 'attendee', fn: 'attendee', throttle: 'settings' },
  // The secret token is the query parameter `token`, not a path segment: access logs record paths.
  { method: 'GET', path: '/calendar/feed.ics', operation: 'getCalendarFeed', access: 'public', fn: 'attendee', throttle: 'read' },
  { method: 'POST', path: '/events/{eventId}/sessions/{sessionId}/polls', operation: 'createPoll', access: 'organiser', fn: 'engagement', throttle: 'staffWrite' },
  { method: 'GET', path: '/events/{eventId}/sessions/{sessionId}/polls', operation: 'listPolls', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'PATCH', path: '/events/{eventId}/sessions/{sessionId}/polls/{pollId}', operation: 'closePoll', access: 'organiser', fn: 'engagement', throttle: 'staffWrite' },
  { method: 'PUT', path: '/events/{eventId}/sessions/{sessionId}/polls/{pollId}/vote', operation: 'castVote', access: 'attendee', fn: 'engagement', throttle: 'attendeeWrite' },
  { method: 'GET', path: '/events/{eventId}/sessions/{sessionId}/polls/{pollId}/vote', operation: 'getMyVote', access: 'attendee', fn: 'engagement', throttle: 'read' },
  { method: 'PUT', path: '/events/{eventId}/sessions/{sessionId}/reviews/me', operation: 'writeReview', access: 'attendee', fn: 'engagement', throttle: 'attendeeWrite' },
  { method: 'GET', path: '/events/{eventId}/sessions/{sessionId}/reviews/me', operation: 'getMyReview', access: 'attendee', fn: 'engagement', throttle: 'read' },
  { method: 'GET', path: '/events/{eventId}/sessions/{sessionId}/reviews', operation: 'listReviews', access: 'public', fn: 'catalogueRead', throttle: 'read' },
  { method: 'DELETE', path: '/events/{eventId}/sessions/{sessionId}/reviews/{reviewId}', operation: 'hideReview', access: 'organiser', fn: 'engagement', throttle: 'staffWrite' },
  // Moderation across the event: a read of catalogue partitions (the event's review index partition, its sessions' titles).
  { method: 'GET', path: '/events/{eventId}/reviews', operation: 'listEventReviews', access: 'organiser', fn: 'catalogueRead', throttle: 'read' },
] as const satisfies readonly Route[];

export type OperationName = (typeof routes)[number]['operation'];

/** The API Gateway route key of a row, as it arrives in `event.routeKey`. */
export function routeKeyOf(route: { readonly method: RequestMethod; readonly path: string }): string {
  return `${route.method} ${route.path}`;
}

/** The methods a row answers: a GET row answers HEAD too, with GET's headers and no body (RFC 9110 9.3.2). */
export const methodsOf = (route: Pick<Route, 'method'>): RequestMethod[] => (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]);

/**
 * Every API Gateway route: one per method a row answers. API Gateway matches
 * methods exactly, so HEAD needs routes of its own, each with its GET row's
 * function and access.
 */
export const apiRoutes = routes.flatMap((route) =>
  methodsOf(route).map((method) => ({ route: route as Route, method, key: routeKeyOf({ method, path: route.path }) })),
);

/** The function that answers API Gateway's `$default` route: unknown paths (404) and methods (405). */
export const fallbackFunction: FunctionName = 'catalogueRead';

export interface RouteMatch {
  readonly route: Route;
  /** The key API Gateway would give the request: `HEAD /events` for a HEAD on the GET row of /events. */
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

const compiled = routes.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route: route as Route, regex: new RegExp(`^${pattern}$`), names };
});

/**
 * Finds the routes whose path matches. Returns the matching row for the
 * method, or the methods the path allows (for a 405), or nothing (404).
 */
export function matchRoute(method: string, path: string): { match?: RouteMatch; allowed: RequestMethod[] } {
  const allowed: RequestMethod[] = [];
  for (const { route, regex, names } of compiled) {
    const found = regex.exec(path);
    if (!found) continue;
    const methods = methodsOf(route);
    allowed.push(...methods);
    if (!methods.includes(method as RequestMethod)) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((name, i) => {
      pathParameters[name] = decodeURIComponent(found[i + 1]!);
    });
    return { match: { route, routeKey: routeKeyOf({ method: method as RequestMethod, path: route.path }), pathParameters }, allowed };
  }
  return { allowed };
}
