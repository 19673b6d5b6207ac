/**
 * How many sessions an event has in each room, level and type (GET
 * /events/{e}/rooms, /levels, /types). Counted from the cached snapshot of
 * the event's sessions that search and the exports use (./search.ts): one
 * revision check while nothing changed, no counter items on the write path
 * (where a type every session shares would be a hot item in an import), and
 * sessions stored before these lists are counted as they are.
 */
import type { CatalogueEvent } from '../domain/schemas';
import type { CatalogueStore } from '../store/catalogue-store';
import { requireEvent } from './sessions';
import type { SessionSearch } from './search';

export type Facet = 'room' | 'level' | 'type';

export async function facetCounts(
  store: CatalogueStore,
  search: SessionSearch,
  eventId: string,
  facet: Facet,
): Promise<{ event: CatalogueEvent; counts: Map<string, number> }> {
  const [event, snapshot] = await Promise.all([requireEvent(store, eventId), search.currentSnapshot(eventId)]);
  const counts = new Map<string, number>();
  for (const session of snapshot.sessions) {
    const value = session[facet];
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return { event, counts };
}
