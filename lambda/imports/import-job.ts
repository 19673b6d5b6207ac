/**
 * Import jobs, the API's side: a CSV import, or a JSON import of more than
 * JOB_THRESHOLD rows, is kept in the table and answered with 202 and the
 * job's URL; a runner (./run-job.ts, on an SQS queue in AWS, in-process
 * under npm start) works through it a chunk at a time. This file does not
 * load the CSV parser: the runner does.
 */
import { randomBytes } from 'node:crypto';
import type { ImportFormat, ImportJob, ImportStore } from '../store/import-store';
import type { RowOutcome } from './import-rows';

/** A JSON import of more rows than this runs as a job; a CSV import always does (its parser is the runner's). */
export const JOB_THRESHOLD = 200;
/** Rows in a CSV or JSON job, at most. */
export const MAX_JOB_ROWS = 10_000;
/** An upload is kept in parts of this many bytes: DynamoDB items are at most 400 KB. */
export const UPLOAD_PART_BYTES = 350_000;
/**
 * Tries of one queue message before it rests in the dead-letter queue (the
 * queue's maxReceiveCount in lib/import-jobs.ts; the local runner's retries);
 * the last failed try marks the job failed (./run-job.ts).
 */
export const IMPORT_ATTEMPTS = 5;
/** Report rows per page of GET /events/{e}/imports/{job}: a few chunks. */
export const REPORT_PAGE_CHUNKS = 5;

/** What the queue carries: work on this job from this chunk on. */
export interface ImportMessage {
  eventId: string;
  jobId: string;
  chunk: number;
}

export interface ImportQueue {
  send(message: ImportMessage): Promise<void>;
}

export async function startImportJob(
  imports: ImportStore,
  queue: ImportQueue,
  request: Pick<ImportJob, 'eventId' | 'format' | 'dryRun' | 'startedBy'> & { upload: string },
): Promise<ImportJob> {
  const bytes = Buffer.from(request.upload, 'utf8');
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += UPLOAD_PART_BYTES) parts.push(bytes.subarray(at, at + UPLOAD_PART_BYTES));
  const now = new Date().toISOString();
  const job: ImportJob = {
    eventId: request.eventId,
    jobId: `import-${randomBytes(8).toString('hex')}`,
    format: request.format,
    dryRun: request.dryRun,
    status: 'queued',
    startedBy: request.startedBy,
    uploadParts: parts.length,
    rowsDone: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    createdAt: now,
    updatedAt: now,
  };
  await imports.createJob(job, parts);
  await queue.send({ eventId: job.eventId, jobId: job.jobId, chunk: 0 });
  return job;
}

/** The job as GET shows it: progress, counts, and a page of the per-row report. */
export function jobView(job: ImportJob, report: { rows: RowOutcome[]; nextChunk: number | null }) {
  return {
    id: job.jobId,
    eventId: job.eventId,
    format: job.format,
    dryRun: job.dryRun,
    status: job.status,
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal ?? null,
    counts: { created: job.created, updated: job.updated, unchanged: job.unchanged, rejected: job.rejected },
    ...(job.errors ? { errors: job.errors } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    report: { rows: report.rows, nextChunk: report.nextChunk },
  };
}
