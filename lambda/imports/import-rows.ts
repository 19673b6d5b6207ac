/**
 * What an import is made of, whatever its format: numbered rows, and what
 * became of each. A JSON import's rows are its `speakers` then its `sessions`;
 * a CSV import's rows are sessions, numbered as a spreadsheet shows them.
 */

export type RowKind = 'speaker' | 'session';

export interface ImportRow {
  kind: RowKind;
  /** The row's place in its list, from 0 (JSON: in `speakers` or `sessions`; CSV: among the data rows). */
  index: number;
  /** CSV only: the row number a spreadsheet shows (the header is row 1). */
  row?: number;
  /** The item to validate and write, as read. */
  item: unknown;
  /** CSV only: the column each field came from, to name it in a problem. */
  columns?: Record<string, string>;
  /** Problems found while reading the row (a cell that is not a number, an unknown speaker): it is rejected with them. */
  errors?: RowError[];
}

export interface RowError {
  /** The field, as in a JSON import: `body.sessions[3].startsAt`. */
  path: string;
  /** CSV only: the column the field came from, as its header names it. */
  column?: string;
  message: string;
}

export type RowOutcomeKind = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface RowOutcome {
  kind: RowKind;
  index: number;
  row?: number;
  id?: string;
  /** In a dry run, what the import would do. */
  outcome: RowOutcomeKind;
  errors?: RowError[];
  /** CSV only, a rejected row: its fields as read (a cell that could not be read is left out), to fix the row from. */
  values?: Record<string, unknown>;
}

/** The rows of a JSON import's outline: speakers first, since sessions name them. */
export function rowsOfJson(outline: { speakers: unknown[]; sessions: unknown[] }): ImportRow[] {
  return [
    ...outline.speakers.map((item, index): ImportRow => ({ kind: 'speaker', index, item })),
    ...outline.sessions.map((item, index): ImportRow => ({ kind: 'session', index, item })),
  ];
}

/** The id a row names, if it names one: what a report shows for a row that could not be read. */
export function idOf(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, 64) : undefined;
}
