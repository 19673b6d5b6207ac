/**
 * A CSV import's rows: sessions, one a line after a header row that names the
 * columns (docs/api.md lists them). Parsed with csv-parse (RFC 4180: quoted
 * commas, quotes and line breaks), UTF-8 with or without a BOM, CRLF or LF,
 * `,` or `;` between cells (Excel writes `;` where the decimal mark is a
 * comma): the header row decides which. Only the import job runner loads
 * this file, so the API functions do not carry the parser.
 */
import { parse } from 'csv-parse/sync';
import { LANGUAGE_TAG, SLUG_PATTERN, linkKinds } from '../domain/vocabulary';
import { normaliseTag } from '../domain/languages';
import type { ImportRow, RowError } from './import-rows';

/** The columns a CSV import reads, by the session field each fills; `speakers` takes ids or names. */
const COLUMNS = {
  id: 'id',
  title: 'title',
  abstract: 'abstract',
  type: 'type',
  track: 'track',
  level: 'level',
  language: 'language',
  room: 'room',
  startsat: 'startsAt',
  endsat: 'endsAt',
  capacity: 'capacity',
  seatshards: 'seatShards',
  speakers: 'speakerIds',
  speakerids: 'speakerIds',
  tags: 'tags',
  reservationopensat: 'reservationOpensAt',
  reservationclosesat: 'reservationClosesAt',
  status: 'status',
} as const satisfies Record<string, string>;

/**
 * A column the header names: a session field, a title or abstract in one
 * language (`title_en`: `title@en`), or links of one kind (`link_slides`:
 * `link@slides`).
 */
type Field = (typeof COLUMNS)[keyof typeof COLUMNS] | `${'title' | 'abstract'}@${string}` | `link@${(typeof linkKinds)[number]}`;

function fieldOf(name: string): Field | undefined {
  const lower = name.trim().toLowerCase();
  const known = COLUMNS[lower as keyof typeof COLUMNS];
  if (known) return known;
  const translated = /^(title|abstract)_(.+)$/.exec(name.trim());
  if (translated && LANGUAGE_TAG.test(translated[2]!)) return `${translated[1]!.toLowerCase() as 'title' | 'abstract'}@${normaliseTag(translated[2]!)}`;
  const link = /^link_(.+)$/.exec(lower);
  if (link && (linkKinds as readonly string[]).includes(link[1]!)) return `link@${link[1] as (typeof linkKinds)[number]}`;
  return undefined;
}
const NUMBERS: ReadonlySet<Field> = new Set(['capacity', 'seatShards']);
const LISTS: ReadonlySet<Field> = new Set(['speakerIds', 'tags']);

/** A CSV the job cannot read at all (no header, an unknown column, a broken quote): the whole upload is refused. */
export class CsvProblem extends Error {
  constructor(readonly errors: RowError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** The event's speakers by name (case and spacing aside): how a `speakers` cell may name them. */
export type SpeakerNames = ReadonlyMap<string, string>;
export const nameKey = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The header row's delimiter: `;` when the header has more of them than commas (a European Excel export). */
function delimiterOf(text: string): ',' | ';' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** A list cell: items between commas or on lines of their own. */
const listOf = (cell: string) => cell.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== '');

/**
 * The rows of a CSV. `defaultLanguage`: the event's, which a plain `title`
 * or `abstract` column is in when the row also has other languages' columns.
 */
export function rowsOfCsv(text: string, speakersByName: SpeakerNames, defaultLanguage: string): ImportRow[] {
  let records: { record: string[] }[];
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text.replace(/^\uFEFF/, '')), relax_column_count: true, info: true }) as unknown as { record: string[] }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new CsvProblem([{ path: 'body', message: `not readable as CSV${line ? ` (at line ${line})` : ''}: ${(error as Error).message}` }]);
  }
  const [header, ...data] = records;
  if (!header) throw new CsvProblem([{ path: 'body', message: 'is empty: a CSV import starts with a header row naming its columns' }]);
  const fields = header.record.map(fieldOf);
  const unknown = header.record.flatMap((name, i) => (fields[i] === undefined && name.trim() !== '' ? [name] : []));
  const headerErrors: RowError[] = unknown.map((name) => ({ path: 'body', column: name, message: `row 1: unknown column "${name}" (docs/api.md lists the columns)` }));
  for (const required of ['id', 'title'] as const) {
    if (!fields.some((field) => field === required || field?.startsWith(`${required}@`))) headerErrors.push({ path: 'body', column: required, message: `row 1: the header has no "${required}" column` });
  }
  fields.forEach((field, i) => {
    if (field !== undefined && fields.indexOf(field) !== i) headerErrors.push({ path: 'body', column: header.record[i]!, message: `row 1: column "${header.record[i]}" appears twice` });
  });
  if (headerErrors.length > 0) throw new CsvProblem(headerErrors);

  // A spreadsheet numbers records (a quoted line break stays in its row), counting the header as row 1 and an empty line as a row.
  return data.flatMap(({ record }, index): ImportRow[] => {
    if (record.every((cell) => cell.trim() === '')) return [];
    const item: Record<string, unknown> = {};
    const columns: Record<string, string> = {};
    const errors: RowError[] = [];
    const path = (field: string) => `body.sessions[${index}].${field}`;
    /** Texts by language: the plain column's under the event's default language. */
    const texts: Record<'title' | 'abstract', Record<string, string>> = { title: {}, abstract: {} };
    record.forEach((raw, i) => {
      const field = fields[i];
      // A line break inside a cell is a newline, however the file ends its lines.
      const cell = raw.replace(/\r\n?/g, '\n').trim();
      if (field === undefined || cell === '') return;
      const column = header.record[i]!;
      const [base, qualifier] = field.split('@') as [string, string | undefined];
      columns[base === 'link' ? 'links' : base] ??= column;
      if (base === 'title' || base === 'abstract') {
        texts[base][qualifier ?? defaultLanguage] = cell;
      } else if (base === 'link') {
        // Several links of one kind: one URL a line (or separated by spaces).
        const links = (item.links ??= []) as object[];
        for (const url of cell.split(/\s+/)) {
          columns[`links[${links.length}]`] = column;
          links.push({ kind: qualifier, url });
        }
      } else if (NUMBERS.has(field)) {
        if (/^-?\d+$/.test(cell)) item[field] = Number(cell);
        else errors.push({ path: path(field), column, message: `must be a whole number, not "${cell.slice(0, 40)}"` });
      } else if (field === 'speakerIds') {
        item[field] = listOf(cell).map((entry) => (SLUG_PATTERN.test(entry) ? entry : speakersByName.get(nameKey(entry)) ?? entry));
        const unresolved = listOf(cell).filter((entry) => !SLUG_PATTERN.test(entry) && !speakersByName.has(nameKey(entry)));
        for (const name of unresolved) errors.push({ path: path(field), column, message: `no speaker of this event is named "${name.slice(0, 60)}" (give their id)` });
      } else if (LISTS.has(field)) {
        item[field] = listOf(cell);
      } else {
        item[field] = cell;
      }
    });
    for (const base of ['title', 'abstract'] as const) {
      const languages = Object.keys(texts[base]);
      if (languages.length === 0) continue;
      // Only the plain column: a string, as JSON would give it; with other languages, texts by language.
      item[base] = fields.some((f) => f?.startsWith(`${base}@`)) ? texts[base] : texts[base][defaultLanguage];
    }
    const row: ImportRow = { kind: 'session', index, row: index + 2, item, columns };
    return [errors.length > 0 ? { ...row, errors } : row];
  });
}
