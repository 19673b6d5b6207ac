/**
 * iCalendar (RFC 5545) for sessions: CRLF line ends, text escaped (§3.3.11),
 * lines folded at 75 octets without splitting a UTF-8 character (§3.1),
 * times in UTC, a UID that stays the same for a session forever, and a
 * SEQUENCE that grows with every change so calendars take the update.
 */
export interface CalendarEntry {
  uid: string;
  title: string;
  description?: string;
  location?: string;
  startsAt: string;
  endsAt: string;
  /** Grows with every change of the session. */
  sequence: number;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  url?: string;
  categories?: string[];
  lastModified?: string;
  /** The language of title and description (their LANGUAGE parameter, §3.2.10). */
  language?: string;
  /** Links about the session (slides, video): ATTACH by URI (§3.8.1.1), its kind as FMTTYPE would mislead, so none. */
  attachments?: string[];
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line into lines of at most 75 octets, continuation lines starting with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74; // continuation lines spend one octet on the leading space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** `20240516T041000Z` */
export function utcStamp(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function renderCalendar(options: { name: string; entries: readonly CalendarEntry[]; refreshMinutes?: number; now?: Date }): string {
  const stamp = utcStamp((options.now ?? new Date()).toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//session-catalogue//schedule//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    `NAME:${escapeText(options.name)}`,
  ];
  if (options.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${options.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${options.refreshMinutes}M`);
  }
  for (const entry of options.entries) {
    // A language tag is letters, digits and hyphens only (checked when written), so it needs no quoting.
    const language = entry.language ? `;LANGUAGE=${entry.language}` : '';
    lines.push(
      'BEGIN:VEVENT',
      `UID:${entry.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(entry.startsAt)}`,
      `DTEND:${utcStamp(entry.endsAt)}`,
      `SEQUENCE:${entry.sequence}`,
      `STATUS:${entry.status}`,
      `SUMMARY${language}:${escapeText(entry.title)}`,
    );
    if (entry.location) lines.push(`LOCATION:${escapeText(entry.location)}`);
    if (entry.description) lines.push(`DESCRIPTION${language}:${escapeText(entry.description)}`);
    if (entry.categories?.length) lines.push(`CATEGORIES:${entry.categories.map(escapeText).join(',')}`);
    if (entry.url) lines.push(`URL:${entry.url}`);
    for (const uri of entry.attachments ?? []) lines.push(`ATTACH:${uri}`);
    if (entry.lastModified) lines.push(`LAST-MODIFIED:${utcStamp(entry.lastModified)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
