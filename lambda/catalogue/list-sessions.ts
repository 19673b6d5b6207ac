/**
 * Listing an event's sessions without waiting for the event first: the
 * event's read (its 404, its time zone, its types) and the page's Query go
 * out in the same round. Two filters depend on the event: `day` on its zone
 * (`at` carries its own offset), and `status` alone on its types (one
 * partition per type and status). Those use what this warm function last
 * read of the event, and read their page again when the event says
 * otherwise (the first such list of an event here, or after it changed).
 * Search has its own path (./search.ts).
 */
import type { CatalogueEvent, SessionListQuery } from '../domain/schemas';
import { typesOf } from '../domain/sessions';
import { CatalogueError, notFound } from '../domain/errors';
import type { CatalogueStore, SessionItem } from '../store/catalogue-store';
import type { Page } from '../store/query-page';

/** Events remembered; past this the oldest is forgotten (it costs one more round, once). */
const MAX_REMEMBERED = 10_000;

/** What a page's Query needs of the event: the zone of a day's bounds, and the types whose partitions a status list reads. */
interface Reading {
  zone: string;
  types?: readonly string[];
}

const sameReading = (a: Reading, b: Reading) => a.zone === b.zone && a.types?.join('\n') === b.types?.join('\n');

export function createSessionLister(store: CatalogueStore) {
  const remembered = new Map<string, CatalogueEvent>();

  function remember(event: CatalogueEvent): void {
    remembered.delete(event.id);
    remembered.set(event.id, event);
    if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  }

  /** A page of the event's sessions, and the event (its default language says what text stored without one is in). */
  /** A type the event does not have matches nothing; it is a 400, as a mistyped filter would silently empty the page. */
  function checkTypes(event: CatalogueEvent, query: SessionListQuery): void {
    const unknown = query.type?.filter((type) => !typesOf(event).includes(type)) ?? [];
    if (unknown.length > 0) {
      throw new CatalogueError('invalid', 'The query is not valid', [{ path: 'query.type', message: `must be one of the event's types: ${typesOf(event).join(', ')}` }]);
    }
  }

  return async function listSessions(eventId: string, query: SessionListQuery): Promise<Page<SessionItem> & { event: CatalogueEvent }> {
    // A status without a type, track or room reads each of the event's types' partitions.
    const byKind = query.status !== undefined && query.type === undefined && query.track === undefined && query.room === undefined;
    // Without a day, any zone gives the same page.
    const readingOf = (event: CatalogueEvent): Reading => ({ zone: query.day === undefined ? 'UTC' : event.timezone, ...(byKind ? { types: typesOf(event) } : {}) });
    const last = remembered.get(eventId);
    const guess = last ? readingOf(last) : query.day === undefined && !byKind ? { zone: 'UTC' } : undefined;
    const read = (reading: Reading) => store.listSessions(eventId, reading.zone, query, reading.types);
    // Settled, not thrown: a page read with a wrong guess may refuse a cursor the right reading accepts.
    const guessed = guess && read(guess).then((page) => ({ page }), (error: unknown) => ({ error }));
    const [event, attempt] = await Promise.all([store.getEvent(eventId, true), guessed]);
    if (!event) throw notFound(`Event ${eventId}`);
    remember(event);
    checkTypes(event, query);
    const right = readingOf(event);
    if (!attempt || !sameReading(guess!, right)) return { ...(await read(right)), event };
    if ('error' in attempt) throw attempt.error;
    return { ...attempt.page, event };
  };
}
