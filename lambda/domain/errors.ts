/**
 * Failures the domain reports. Each kind maps to one HTTP status in the API
 * layer, so domain code says what went wrong without knowing about HTTP.
 */
export interface FieldError {
  /** Where the problem is, e.g. `body.speakerIds[2]` or `query.limit`. */
  readonly path: string;
  readonly message: string;
}

export type FailureKind =
  | 'invalid' // the request is malformed or breaks a schema rule (400)
  | 'unauthenticated' // no valid token (401)
  | 'forbidden' // a valid caller without the right (403)
  | 'not-found' // (404)
  | 'conflict' // the resource's state forbids it, e.g. it exists already (409)
  | 'precondition-failed' // a stale If-Match (412)
  | 'precondition-required' // a write without If-Match where one is needed (428)
  | 'unprocessable' // well-formed but breaks a catalogue rule, e.g. an unknown speaker (422)
  | 'unavailable'; // DynamoDB refused after every retry (503)

export class CatalogueError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly errors: readonly FieldError[] = [],
    /** When the same request may succeed later: how many seconds to wait (Retry-After). */
    readonly options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'CatalogueError';
  }
}

export const notFound = (what: string) => new CatalogueError('not-found', `${what} does not exist`);
