/**
 * The migration of sessions stored before languages (docs/data-model.md,
 * "Languages"): each is read as its event's default language wherever the
 * event is at hand, but GET of one session reads only the session, so it
 * takes the fallback language (ko) until the session says its own. This
 * stamps `textLanguage` (the event's default language) on every such
 * session of an event, in place. Run by scripts/stamp-session-languages.ts;
 * any later write of a session stamps it too, so running it is needed only
 * for events whose default language is not the fallback.
 */
import { defaultLanguageOf } from '../domain/sessions';
import type { CatalogueStore } from '../store/catalogue-store';
import { requireEvent } from './sessions';

export async function stampSessionLanguages(store: CatalogueStore, eventId: string): Promise<{ stamped: number; skipped: number }> {
  const event = await requireEvent(store, eventId);
  const language = defaultLanguageOf(event);
  let stamped = 0;
  let skipped = 0;
  for (const session of await store.listAllSessions(eventId)) {
    if (session.textLanguage) continue;
    if (await store.stampTextLanguage(session, language)) stamped++;
    else skipped++;
  }
  // Cached snapshots (search, exports, counts) hold the sessions as they were.
  if (stamped > 0) await store.bumpRevision(eventId);
  return { stamped, skipped };
}
