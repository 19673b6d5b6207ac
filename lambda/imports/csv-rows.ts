/**
 * A CSV import's rows: sessions, one a line after a header row that names the
 * columns (docs/api.md lists them). Parsed with csv-parse (RFC 4180: quoted
 * commas, quotes and line breaks), UTF-8 with or without a BOM, CRLF or LF,
 * `,` or `;` between cells (Excel writes `;` where the decimal mark is a
 * comma): the header row decides which. Only the import job runner loads
 * this file, so the API functions do not carry the parser.
 */
import { parse } from 'csv-parse/sync';
import { SLUG_PATTERN } from '../domain/vocabulary';
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

type Field = (typeof COLUMNS)[keyof typeof COLUMNS];
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

export function rowsOfCsv(text: string, speakersByName: SpeakerNames): ImportRow[] {
  let records: { record: string[] }[];
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text.replace(/^\uFEFF/, '')), relax_column_count: true, info: true }) as unknown as { record: string[] }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new CsvProblem([{ path: 'body', message: `not readable as CSV${line ? ` (at line ${line})` : ''}: ${(error as Error).message}` }]);
  }
  const [header, ...data] = records;
  if (!header) throw new CsvProblem([{ path: 'body', message: 'is empty: a CSV import starts with a header row naming its columns' }]);
  const fields = header.record.map((name) => COLUMNS[name.trim().toLowerCase() as keyof typeof COLUMNS]);
  const unknown = header.record.flatMap((name, i) => (fields[i] === undefined && name.trim() !== '' ? [name] : []));
  const headerErrors: RowError[] = unknown.map((name) => ({ path: 'body', column: name, message: `row 1: unknown column "${name}" (docs/api.md lists the columns)` }));
  for (const required of ['id', 'title'] as const) {
    if (!fields.includes(required)) headerErrors.push({ path: 'body', column: required, message: `row 1: the header has no "${required}" column` });
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
    record.forEach((raw, i) => {
      const field = fields[i];
      // A line break inside a cell is a newline, however the file ends its lines.
      const cell = raw.replace(/\r\n?/g, '\n').trim();
      if (field === undefined || cell === '') return;
      const column = header.record[i]!;
      columns[field] = column;
      if (NUMBERS.has(field)) {
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
    const row: ImportRow = { kind: 'session', index, row: index + 2, item, columns };
    return [errors.length > 0 ? { ...row, errors } : row];
  });
}
