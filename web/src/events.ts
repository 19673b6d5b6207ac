/** Events change rarely and every page needs its event (name, time zone, days, tracks): fetched once per page load. */
import { get } from './api';
import type { CatalogueEvent } from './types';

const events = new Map<string, Promise<CatalogueEvent>>();

export function getEvent(eventId: string): Promise<CatalogueEvent> {
  let found = events.get(eventId);
  if (!found) {
    found = get<CatalogueEvent>(`/events/${encodeURIComponent(eventId)}`);
    // A failure (offline, 404) is not remembered: the next visit asks again.
    found.catch(() => events.delete(eventId));
    events.set(eventId, found);
  }
  return found;
}
