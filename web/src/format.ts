/** Dates and times in the event's time zone and the page's language, with the Intl formatters reused (making one is slow). */
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

/** Minutes since local midnight in the event's zone (13:10 is 790). */
export function minutesOfDay(iso: string, timeZone: string): number {
  const parts = formatter(timeZone, clock, 'en-GB').formatToParts(Date.parse(iso));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

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
