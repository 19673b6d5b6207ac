/**
 * Whole-schedule exports for conference apps: frab-compatible JSON and XML,
 * and iCalendar. All are built from the same cached snapshot of the event's
 * sessions as search, so they cost one revision check while nothing changed.
 */
import { frabSchedule } from '../domain/frab';
import { frabScheduleXml } from '../domain/frab-xml';
import { renderCalendar } from '../domain/icalendar';
import { calendarEntry } from '../domain/session-calendar';
import type { CatalogueEvent } from '../domain/schemas';
import { inLanguage, type LanguageChoice } from '../domain/languages';
import type { CatalogueStore } from '../store/catalogue-store';
import type { SessionSearch } from './search';

export function createScheduleExports(store: CatalogueStore, search: SessionSearch) {
  /** The event's sessions (in the chosen language) from the cached snapshot. */
  async function snapshot(event: CatalogueEvent, choice: LanguageChoice) {
    const { revision, sessions: stored } = await search.currentSnapshot(event.id);
    const sessions = stored.map((s) => inLanguage(s, choice));
    // A calendar's DTSTAMP is the time of the last change, so an unchanged schedule is byte for byte the same.
    const lastChange = sessions.reduce((latest, s) => (s.updatedAt > latest ? s.updatedAt : latest), '1970-01-01T00:00:00.000Z');
    return { revision, sessions, lastChange };
  }

  async function scheduleJson(event: CatalogueEvent, baseUrl: string, choice: LanguageChoice) {
    const { revision, sessions } = await snapshot(event, choice);
    const speakerIds = [...new Set(sessions.flatMap((s) => s.speakerIds))];
    const speakers = new Map((await store.getSpeakers(speakerIds)).map((s) => [s.id, s]));
    return frabSchedule({ event, sessions, speakers, version: `${event.version}.${revision}`, baseUrl });
  }

  async function scheduleXml(event: CatalogueEvent, baseUrl: string, choice: LanguageChoice): Promise<string> {
    return frabScheduleXml(await scheduleJson(event, baseUrl, choice));
  }

  async function scheduleIcs(event: CatalogueEvent, baseUrl: string, choice: LanguageChoice): Promise<string> {
    const { sessions, lastChange } = await snapshot(event, choice);
    const entries = sessions.flatMap((s) => calendarEntry(event, s, baseUrl) ?? []);
    return renderCalendar({ name: event.name, entries, refreshMinutes: 60, now: new Date(lastChange) });
  }

  return { scheduleJson, scheduleXml, scheduleIcs };
}
