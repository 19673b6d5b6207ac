/**
 * Dates and times in a given zone (the event's, or the viewer's when they
 * switch) and the page's language, with the Intl formatters reused (making
 * one is slow). Day boundaries come from the server's own domain code.
 */
import { dayRange } from '../../lambda/domain/time';
import { locale } from './i18n';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions, lang = locale()): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = new Intl.DateTimeFormat(lang, { timeZone, ...options })));
  return found;
}

const clock: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "13:10" in the event's zone. */
const timeOf = (iso: string, timeZone: string) => formatter(timeZone, clock).format(Date.parse(iso));

/**
 * Minutes from local midnight of `date` in `timeZone` (13:10 that day is
 * 790; 00:30 the next day is 1470), so a day drawn in a zone other than the
 * event's keeps its order past midnight.
 */
export function minutesFromMidnight(date: string, timeZone: string): (iso: string) => number {
  const [midnight] = dayRange(date, timeZone);
  return (iso) => Math.round((Date.parse(iso) - midnight) / 60_000);
}

/** "09:30", or "00:30 (+1)" past midnight, for a grid's minute `m` from midnight. */
export function clockLabel(m: number): string {
  const day = Math.floor(m / 1440);
  const at = new Date(Date.UTC(2000, 0, 1, 0, m - day * 1440)).toISOString().slice(11, 16);
  return day > 0 ? `${at} (+${day})` : at;
}

/** A zone's short name at an instant: "GMT+9", "GMT+2" (the same in both languages). */
export const zoneAbbreviation = (timeZone: string, at = Date.now()) =>
  formatter(timeZone, { timeZoneName: 'shortOffset' }, 'en-GB').formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;

/** The local date YYYY-MM-DD of an instant in the event's zone (en-CA writes dates that way). */
export const dateOf = (iso: string, timeZone: string) =>
  formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').format(Date.parse(iso));

/** "5월 16일 (목)" / "Thu, May 16" for a calendar date YYYY-MM-DD. */
export const dayLabel = (date: string) =>
  formatter('UTC', { month: 'long', day: 'numeric', weekday: 'short' }).format(Date.parse(`${date}T12:00:00Z`));

/** "13:10–13:50" for a scheduled session. */
export const timeRange = (startsAt: string, endsAt: string, timeZone: string) => `${timeOf(startsAt, timeZone)}–${timeOf(endsAt, timeZone)}`;

/** "5월 16일 (목) 13:10–13:50" */
export const dayAndTime = (startsAt: string, endsAt: string, timeZone: string) =>
  `${dayLabel(dateOf(startsAt, timeZone))} ${timeRange(startsAt, endsAt, timeZone)}`;

/** A moment such as a review's date, in the reader's own zone. */
export const when = (iso: string) => formatter(Intl.DateTimeFormat().resolvedOptions().timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));

/** "2024년 5월 16일~17일" / "May 16 – 17, 2024" for an event's first and last day. */
export const dateRange = (first: string, last: string) =>
  formatter('UTC', { year: 'numeric', month: 'long', day: 'numeric' }).formatRange(Date.parse(`${first}T12:00:00Z`), Date.parse(`${last}T12:00:00Z`));
