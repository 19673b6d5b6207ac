/**
 * Events and their speakers change rarely and every page of an event needs
 * the event (name, time zone, days, tracks): each is fetched once per page
 * load. A failure (offline, 404) is not remembered: the next visit asks again.
 */
import { get, getAll } from './api';
import type { CatalogueEvent, Speaker } from './types';

const events = new Map<string, Promise<CatalogueEvent>>();
const speakers = new Map<string, Promise<Map<string, string>>>();

function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    found = load();
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}

export const getEvent = (eventId: string) => once(events, eventId, () => get<CatalogueEvent>(`/events/${encodeURIComponent(eventId)}`));

/** Speaker names by id, for the names on timetable cards (the session list carries only ids). */
export const getSpeakerNames = (eventId: string) =>
  once(speakers, eventId, async () => {
    const { items } = await getAll<Speaker>(`/events/${encodeURIComponent(eventId)}/speakers`);
    return new Map(items.map((speaker) => [speaker.id, speaker.name]));
  });
