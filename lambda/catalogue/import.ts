/**
 * Bulk upsert of an event's speakers and sessions. Each row is validated and
 * written on its own: a bad row is reported with its reasons and the rest
 * still go in. Writing the same rows twice changes nothing the second time
 * (every row reports `unchanged`), so a client may retry a timed-out import
 * and an import job may replay a chunk (lambda/imports/import-job.ts).
 */
import type * as z from 'zod/mini';
import { importedSession, importedSpeaker, importRequest, type CatalogueEvent, type ImportReport } from '../domain/schemas';
import { CatalogueError, type FieldError } from '../domain/errors';
import { issuesToErrors, parseWith } from '../domain/validate';
import type { CatalogueStore } from '../store/catalogue-store';
import { forEachLimited } from '../domain/limited';
import { idOf, rowsOfJson, type ImportRow, type RowError, type RowKind, type RowOutcome } from '../imports/import-rows';
import { putSpeaker, previewSpeaker, type Organises } from './resources';
import { previewSession, requireEvent, upsertSession } from './sessions';

/** Items written at once: enough to hide latency, few enough to stay clear of throttling on a fresh table. */
const CONCURRENCY = 8;

/** Field errors of a failure, with paths relative to the item (`sessions[3].startsAt`). */
function reasonsOf(error: unknown, itemPath: string): FieldError[] {
  if (error instanceof CatalogueError && error.kind !== 'unavailable') {
    if (error.errors.length === 0) return [{ path: itemPath, message: error.message }];
    return error.errors.map((e) => ({ path: e.path.replace(/^body/, itemPath), message: e.message }));
  }
  throw error;
}

export interface RowWriting {
  /** Decides which existing speakers the import may change (see putSpeaker); the rest are rejected rows. */
  organises: Organises;
  /** Report what would happen, write nothing. */
  dryRun: boolean;
  /** Ids seen in earlier rows of the same import (a job's earlier chunks): a row that repeats one is rejected. */
  seen?: Record<RowKind, Set<string>>;
}

/**
 * Validates and writes rows, speakers before sessions (sessions name them),
 * each on its own; returns what became of each, in the order given.
 */
export async function importRows(store: CatalogueStore, event: CatalogueEvent, rows: readonly ImportRow[], writing: RowWriting): Promise<RowOutcome[]> {
  const seen = writing.seen ?? { speaker: new Set<string>(), session: new Set<string>() };
  // In a dry run nothing is written, so the sessions may name the speakers the same import would create.
  const planned = new Set<string>();
  const outcomes: RowOutcome[] = new Array(rows.length);
  const withColumns = (row: ImportRow, errors: RowError[]): RowError[] =>
    row.columns ? errors.map((e) => ({ ...e, ...columnOf(row.columns!, e.path) })) : errors;

  async function one(row: ImportRow, at: number): Promise<void> {
    const place = { kind: row.kind, index: row.index, ...(row.row !== undefined ? { row: row.row } : {}) };
    const path = `body.${row.kind}s[${row.index}]`;
    const reject = (errors: RowError[], id = idOf(row.item)) => {
      // A CSV row's fields as read go back with it: the sender has no JSON to fix it from.
      const values = row.columns ? { values: row.item as Record<string, unknown> } : {};
      outcomes[at] = { ...place, ...(id !== undefined ? { id } : {}), outcome: 'rejected', errors: withColumns(row, errors), ...values };
    };
    if (row.errors?.length) return reject(row.errors);
    const parsed = (row.kind === 'speaker' ? importedSpeaker() : importedSession() as z.ZodMiniType<{ id: string }>).safeParse(row.item);
    if (!parsed.success) return reject(issuesToErrors(parsed.error.issues, path));
    const { id } = parsed.data;
    if (seen[row.kind].has(id)) return reject([{ path: `${path}.id`, message: 'appears twice in this import' }], id);
    seen[row.kind].add(id);
    try {
      const outcome = await write(row.kind, parsed.data);
      outcomes[at] = { ...place, id, outcome };
      if (row.kind === 'speaker') planned.add(id);
    } catch (error) {
      reject(reasonsOf(error, path), id);
    }
  }

  async function write(kind: RowKind, data: { id: string }) {
    if (kind === 'speaker') {
      const { id, ...input } = data as z.infer<ReturnType<typeof importedSpeaker>>;
      if (writing.dryRun) return previewSpeaker(store, id, input, writing.organises);
      const { outcome } = await putSpeaker(store, id, input, undefined, { requireIfMatch: false, organises: writing.organises });
      return outcome === 'replaced' ? 'updated' : outcome;
    }
    const { id, ...fields } = data as z.infer<ReturnType<typeof importedSession>>;
    return writing.dryRun ? previewSession(store, event, id, fields, planned) : upsertSession(store, event, id, fields);
  }

  const at = rows.map((row, i) => ({ row, i }));
  await forEachLimited(at.filter(({ row }) => row.kind === 'speaker'), CONCURRENCY, ({ row, i }) => one(row, i));
  await forEachLimited(at.filter(({ row }) => row.kind === 'session'), CONCURRENCY, ({ row, i }) => one(row, i));
  return outcomes;
}

/** The CSV column a field path (`body.sessions[3].speakerIds[1]`) came from: the item's own (`links[1]`, from one of several columns), else the field's. */
function columnOf(columns: Record<string, string>, path: string): { column?: string } {
  const [, field, item] = /^body\.\w+\[\d+\]\.(\w+)(\[\d+\])?/.exec(path) ?? [];
  const column = field === undefined ? undefined : columns[`${field}${item ?? ''}`] ?? columns[field];
  return column === undefined ? {} : { column };
}

/** The report of a synchronous import: ids by outcome, in the order given, then the rejected rows. */
export function reportOf(outcomes: readonly RowOutcome[]): ImportReport {
  const report: ImportReport = {
    created: { speakers: [], sessions: [] },
    updated: { speakers: [], sessions: [] },
    unchanged: { speakers: [], sessions: [] },
    rejected: [],
  };
  for (const { kind, index, id, outcome, errors = [] } of outcomes) {
    if (outcome === 'rejected') report.rejected.push({ kind, index, ...(id !== undefined ? { id } : {}), errors: errors.map(({ path, message }) => ({ path, message })) });
    else report[outcome][`${kind}s`].push(id!);
  }
  report.rejected.sort((a, b) => a.kind.localeCompare(b.kind) || a.index - b.index);
  return report;
}

/** The outline of a JSON import, checked: a bad outline rejects the whole request. */
export const importOutline = (body: unknown) => parseWith(importRequest(), body, 'body');

/** A JSON import answered at once. */
export async function importCatalogue(store: CatalogueStore, eventId: string, body: unknown, writing: RowWriting): Promise<ImportReport> {
  const outline = importOutline(body);
  const event = await requireEvent(store, eventId);
  return reportOf(await importRows(store, event, rowsOfJson(outline), writing));
}
