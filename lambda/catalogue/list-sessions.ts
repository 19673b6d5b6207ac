/**
 * Listing an event's sessions without waiting for the event first: the
 * event's read (its 404, its time zone) and the page's Query go out in the
 * same round. Only `day` depends on the zone (`at` carries its own offset);
 * a day list uses the zone this warm function last read for the event, and
 * reads its page again when the event says otherwise (the first day list of
 * an event here, or after its zone changed). Search has its own path
 * (./search.ts).
 */
import type { CatalogueEvent, SessionListQuery } from '../domain/schemas';
import { typesOf } from '../domain/sessions';
import { CatalogueError, notFound } from '../domain/errors';
import type { CatalogueStore, SessionItem } from '../store/catalogue-store';
import type { Page } from '../store/query-page';

/** Events whose zone is remembered; past this the oldest is forgotten (it costs one more round, once). */
const MAX_ZONES = 10_000;

export function createSessionLister(store: CatalogueStore) {
  const zones = new Map<string, string>();

  function remember(eventId: string, timeZone: string): void {
    zones.delete(eventId);
    zones.set(eventId, timeZone);
    if (zones.size > MAX_ZONES) zones.delete(zones.keys().next().value!);
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
    // A status without a type, track or room reads each of the event's types' partitions: those need the event first.
    if (query.status !== undefined && query.type === undefined && query.track === undefined && query.room === undefined) {
      const event = await store.getEvent(eventId, true);
      if (!event) throw notFound(`Event ${eventId}`);
      remember(eventId, event.timezone);
      return { ...(await store.listSessions(eventId, event.timezone, query, typesOf(event))), event };
    }
    // Without a day, any zone gives the same page.
    const zone = query.day === undefined ? 'UTC' : zones.get(eventId);
    // Settled, not thrown: a page read in the wrong zone may refuse a cursor the right zone accepts.
    const guessed = zone === undefined ? undefined : store.listSessions(eventId, zone, query).then((page) => ({ page }), (error: unknown) => ({ error }));
    const [event, attempt] = await Promise.all([store.getEvent(eventId, true), guessed]);
    if (!event) throw notFound(`Event ${eventId}`);
    remember(eventId, event.timezone);
    checkTypes(event, query);
    if (!attempt || zone !== event.timezone && query.day !== undefined) return { ...(await store.listSessions(eventId, event.timezone, query)), event };
    if ('error' in attempt) throw attempt.error;
    return { ...attempt.page, event };
  };
}
