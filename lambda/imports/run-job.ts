/**
 * Import jobs, the runner's side: reads the upload into chunks of rows (once),
 * then imports chunk after chunk, each committed with the job's progress in
 * one transaction (lambda/store/import-store.ts). Rows are written by id and a
 * row written again unchanged writes nothing, so a chunk replayed after a
 * crash between its rows and its commit writes no row twice; a committed
 * chunk is skipped. What a deadline leaves is handed on as a queue message.
 */
import { importOutline, importRows } from '../catalogue/import';
import type { Organises } from '../catalogue/resources';
import type { CatalogueStore } from '../store/catalogue-store';
import { settleSeats } from '../attendance/reservations';
import type { ImportJob } from '../store/import-store';
import type { ImportRunnerStores } from '../store/stores';
import { CsvProblem, nameKey, rowsOfCsv } from './csv-rows';
import { defaultLanguageOf } from '../domain/sessions';
import { idOf, rowsOfJson, type ImportRow, type RowOutcome } from './import-rows';
import { IMPORT_ATTEMPTS, MAX_JOB_ROWS, type ImportMessage, type ImportQueue } from './import-job';

/** Rows per chunk, and bytes of rows: one chunk is one item (≤ 400 KB) and well inside a Lambda's timeout. */
const CHUNK_ROWS = 100;
const CHUNK_BYTES = 250_000;


const organisesOf = (job: ImportJob): Organises => {
  const { organises } = job.startedBy;
  return organises === 'all' ? 'all' : (eventId) => organises.includes(eventId);
};

/** The event's speakers by name, for a CSV's `speakers` cells that name rather than id them. */
async function speakerNames(catalogue: CatalogueStore, eventId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await catalogue.listEventSpeakerIds(eventId, { limit: 100, cursor });
    for (const speaker of await catalogue.getSpeakers(page.items)) names.set(nameKey(speaker.name), speaker.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
}

/** A row repeating an earlier row's id (even a rejected one) is rejected here, where every row is seen, whichever chunk it falls in. */
function markRepeats(rows: ImportRow[]): ImportRow[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const id = idOf(row.item);
    if (id === undefined) return row;
    const key = `${row.kind}:${id}`;
    if (!seen.has(key)) {
      seen.add(key);
      return row;
    }
    if (row.errors) return row;
    return { ...row, errors: [{ path: `body.${row.kind}s[${row.index}].id`, ...(row.columns?.id ? { column: row.columns.id } : {}), message: 'appears twice in this import' }] };
  });
}

function chunked(rows: readonly ImportRow[]): ImportRow[][] {
  const chunks: ImportRow[][] = [];
  let current: ImportRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length > 0 && (current.length >= CHUNK_ROWS || bytes + size > CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Reads the upload into chunks; false when the upload cannot be read (the job has failed, saying why). */
async function split(stores: ImportRunnerStores, job: ImportJob): Promise<boolean> {
  const text = Buffer.concat(await stores.imports.getUpload(job.eventId, job.jobId)).toString('utf8');
  let rows: ImportRow[];
  try {
    rows = job.format === 'csv'
      ? rowsOfCsv(text, await speakerNames(stores.catalogue, job.eventId), defaultLanguageOf((await stores.catalogue.getEvent(job.eventId, true)) ?? {}))
      : rowsOfJson(importOutline(JSON.parse(text)));
  } catch (error) {
    if (!(error instanceof CsvProblem)) throw error;
    await stores.imports.failJob(job, error.errors);
    return false;
  }
  if (rows.length > MAX_JOB_ROWS) {
    await stores.imports.failJob(job, [{ path: 'body', message: `has ${rows.length} rows; an import takes at most ${MAX_JOB_ROWS}` }]);
    return false;
  }
  await stores.imports.saveChunks(job, chunked(markRepeats(rows)));
  return true;
}

/**
 * As the import request does: an updated session's new capacity or status
 * moves its reservations (a seat more promotes the waitlist). Before the
 * chunk's commit, so a crash in between settles again on the replay; settling
 * twice changes nothing. (A replayed row the dead attempt had already updated
 * reports unchanged and was settled then, unless the crash fell between them.)
 */
async function settleUpdated(stores: ImportRunnerStores, eventId: string, outcomes: readonly RowOutcome[]): Promise<void> {
  for (const { kind, id, outcome } of outcomes) {
    if (kind !== 'session' || outcome !== 'updated') continue;
    const session = await stores.catalogue.getSession(eventId, id!, true);
    if (session) await settleSeats(stores.attendance, session);
  }
}

/**
 * Works on a job from `message.chunk` on while `goOn()` says so, then queues
 * the rest. Safe to run twice on the same message, or on an older one.
 */
export async function runImportJob(stores: ImportRunnerStores, queue: ImportQueue, message: ImportMessage, goOn: () => boolean = () => true): Promise<void> {
  const { eventId, jobId } = message;
  let job = await stores.imports.getJob(eventId, jobId);
  if (!job || job.status === 'done' || job.status === 'failed') return;
  if (job.chunks === undefined) {
    if (!(await split(stores, job))) return;
    job = (await stores.imports.getJob(eventId, jobId))!;
  }
  const event = await stores.catalogue.getEvent(eventId, true);
  if (!event) {
    await stores.imports.failJob(job, [{ path: 'path.eventId', message: `event ${eventId} no longer exists` }]);
    return;
  }
  const writing = { organises: organisesOf(job), dryRun: job.dryRun };
  for (let chunk = message.chunk; chunk < job.chunks!; chunk++) {
    if (!(await stores.imports.hasReport(eventId, jobId, chunk))) {
      const outcomes = await importRows(stores.catalogue, event, await stores.imports.getChunk(eventId, jobId, chunk), writing);
      if (!job.dryRun) await settleUpdated(stores, eventId, outcomes);
      await stores.imports.commitChunk(job, chunk, outcomes);
    }
    if (chunk + 1 < job.chunks! && !goOn()) {
      await queue.send({ eventId, jobId, chunk: chunk + 1 });
      return;
    }
  }
}

/**
 * One try of a queue message (`attempt` counts from 1, as SQS's
 * ApproximateReceiveCount does). A failure is thrown on, so the message is
 * tried again; the last try's failure first marks the job failed, so that no
 * job stays `running` while its message rests in the dead-letter queue. What
 * the organiser reads says what to do, not the internal error (logged by the
 * caller).
 */
export async function runImportAttempt(stores: ImportRunnerStores, queue: ImportQueue, message: ImportMessage, attempt: number, goOn?: () => boolean): Promise<void> {
  try {
    await runImportJob(stores, queue, message, goOn);
  } catch (error) {
    const job = attempt >= IMPORT_ATTEMPTS ? await stores.imports.getJob(message.eventId, message.jobId) : undefined;
    if (job && job.status !== 'done' && job.status !== 'failed') {
      await stores.imports.failJob(job, [{
        path: 'job',
        message: `stopped after ${attempt} attempts failed; the rows reported so far are written: import again to finish (rows already written come back unchanged)`,
      }]);
    }
    throw error;
  }
}
