/**
 * Access patterns of import jobs (key design in ./keys.ts, docs/data-model.md).
 * A job's items share one partition: the job, its upload in parts, its rows
 * in chunks and each chunk's report. A chunk's report and the job's progress
 * are written in one transaction that holds only if that report is not there
 * yet, so a chunk replayed after a crash commits once.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FieldError } from '../domain/errors';
import type { ImportRow, RowOutcome } from '../imports/import-rows';
import { runTransaction } from './transactions';
import { OPEN_IMPORTS_PARTITION, importJobKey, importPartition, importReportKey, importRowsKey, importUploadKey, openImportKey } from './keys';

/** How long a job's items are kept after it starts (TTL): enough to read the report, not a second copy of the catalogue. */
const JOB_TTL_SECONDS = 14 * 24 * 3600;

export type ImportFormat = 'json' | 'csv';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportJob {
  eventId: string;
  jobId: string;
  format: ImportFormat;
  dryRun: boolean;
  status: JobStatus;
  /** Who started it: an admin, or the events the organiser organises (what putSpeaker checks). */
  startedBy: { sub: string; organises: 'all' | string[] };
  uploadParts: number;
  /** Known once the upload is read into chunks. */
  chunks?: number;
  rowsTotal?: number;
  rowsDone: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Why a job failed as a whole (a CSV that cannot be read). */
  errors?: FieldError[];
  createdAt: string;
  updatedAt: string;
}

const expiry = () => Math.floor(Date.now() / 1000) + JOB_TTL_SECONDS;

export function createImportStore(doc: DynamoDBDocumentClient, tableName: string) {
  const put = (item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: tableName, Item: { ...item, expiresAt: expiry() } }));

  /** Access pattern: a new job, its upload first and the job last, so that a job that exists has all of its upload; listed as open. */
  async function createJob(job: ImportJob, upload: readonly Uint8Array[]): Promise<void> {
    const { eventId, jobId } = job;
    await Promise.all(upload.map((bytes, part) => put({ ...importUploadKey(eventId, jobId, part), entity: 'import-upload', bytes })));
    await put({ ...importJobKey(eventId, jobId), entity: 'import-job', ...job });
    await put({ ...openImportKey(eventId, jobId), entity: 'open-import', eventId, jobId });
  }

  /** Access pattern: one job. */
  async function getJob(eventId: string, jobId: string): Promise<ImportJob | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: importJobKey(eventId, jobId), ConsistentRead: true }));
    return Item as ImportJob | undefined;
  }

  /** Access pattern: the job's upload, its parts in order (Query on the job's partition, `UPLOAD#`). */
  async function getUpload(eventId: string, jobId: string): Promise<Uint8Array[]> {
    const parts: Uint8Array[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :upload)',
        ExpressionAttributeValues: { ':pk': importPartition(eventId, jobId), ':upload': 'UPLOAD#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }));
      for (const item of page.Items ?? []) parts.push(item.bytes as Uint8Array);
      start = page.LastEvaluatedKey;
    } while (start);
    return parts;
  }

  /**
   * Access pattern: the upload read into chunks of rows. Writing them again
   * writes the same items; the job learns its chunk count only once.
   */
  async function saveChunks(job: ImportJob, chunks: readonly ImportRow[][]): Promise<void> {
    const { eventId, jobId } = job;
    for (let i = 0; i < chunks.length; i += 8) {
      await Promise.all(chunks.slice(i, i + 8).map((rows, n) => put({ ...importRowsKey(eventId, jobId, i + n), entity: 'import-rows', rows })));
    }
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: importJobKey(eventId, jobId),
      UpdateExpression: 'SET chunks = :chunks, rowsTotal = :total, #status = :running, updatedAt = :now',
      ConditionExpression: 'attribute_not_exists(chunks)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':chunks': chunks.length, ':total': chunks.reduce((sum, rows) => sum + rows.length, 0), ':running': 'running', ':now': new Date().toISOString() },
    })).catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  }

  /** Access pattern: chunk n's rows. */
  async function getChunk(eventId: string, jobId: string, chunk: number): Promise<ImportRow[]> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: importRowsKey(eventId, jobId, chunk), ConsistentRead: true }));
    if (!Item) throw new Error(`import ${eventId}/${jobId} has no chunk ${chunk}`);
    return Item.rows as ImportRow[];
  }

  /** Access pattern: whether chunk n is committed (its report exists). */
  async function hasReport(eventId: string, jobId: string, chunk: number): Promise<boolean> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: importReportKey(eventId, jobId, chunk), ConsistentRead: true, ProjectionExpression: 'pk' }));
    return Item !== undefined;
  }

  /**
   * Access pattern: commits chunk n: its report and the job's progress in one
   * transaction, only if the report is not there yet; the last chunk also
   * finishes the job. Returns false when the chunk was committed before (a replay).
   */
  async function commitChunk(job: ImportJob, chunk: number, outcomes: readonly RowOutcome[]): Promise<boolean> {
    const { eventId, jobId } = job;
    const count = (kind: RowOutcome['outcome']) => outcomes.filter((o) => o.outcome === kind).length;
    const last = chunk === job.chunks! - 1;
    const now = new Date().toISOString();
    for (;;) {
      const result = await runTransaction(doc, [
        {
          Put: {
            TableName: tableName,
            Item: { ...importReportKey(eventId, jobId, chunk), entity: 'import-report', chunk, rows: outcomes, expiresAt: expiry() },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: importJobKey(eventId, jobId),
            UpdateExpression: 'ADD rowsDone :rows, created :created, updated :updated, unchanged :unchanged, rejected :rejected SET #status = :status, updatedAt = :now',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':rows': outcomes.length,
              ':created': count('created'),
              ':updated': count('updated'),
              ':unchanged': count('unchanged'),
              ':rejected': count('rejected'),
              ':status': last ? 'done' : 'running',
              ':now': now,
            },
          },
        },
        ...(last ? [{ Delete: { TableName: tableName, Key: openImportKey(eventId, jobId) } }] : []),
      ]);
      if (result.applied) return true;
      if (!result.conflict) return false;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }

  /** Access pattern: the job failed as a whole (its upload cannot be read); no longer open. */
  async function failJob(job: ImportJob, errors: FieldError[]): Promise<void> {
    const { eventId, jobId } = job;
    await runTransaction(doc, [
      {
        Update: {
          TableName: tableName,
          Key: importJobKey(eventId, jobId),
          UpdateExpression: 'SET #status = :failed, #errors = :errors, updatedAt = :now',
          ExpressionAttributeNames: { '#status': 'status', '#errors': 'errors' },
          ExpressionAttributeValues: { ':failed': 'failed', ':errors': errors, ':now': new Date().toISOString() },
        },
      },
      { Delete: { TableName: tableName, Key: openImportKey(eventId, jobId) } },
    ]);
  }

  /** Access pattern: a page of the job's report, chunk by chunk from `fromChunk` (Query, `REPORT#`). */
  async function listReports(eventId: string, jobId: string, fromChunk: number, chunks: number): Promise<{ rows: RowOutcome[]; nextChunk: number | undefined }> {
    const { Items = [], LastEvaluatedKey } = await doc.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': importPartition(eventId, jobId), ':from': importReportKey(eventId, jobId, fromChunk).sk, ':to': 'REPORT#~' },
      ConsistentRead: true,
      Limit: chunks,
    }));
    const last = Items.at(-1)?.chunk as number | undefined;
    return { rows: Items.flatMap((item) => item.rows as RowOutcome[]), nextChunk: LastEvaluatedKey && last !== undefined ? last + 1 : undefined };
  }

  /** Access pattern: the jobs not yet finished (partition IMPORTS): what a local run resumes. */
  async function listOpenJobs(): Promise<{ eventId: string; jobId: string }[]> {
    const { Items = [] } = await doc.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': OPEN_IMPORTS_PARTITION },
      ConsistentRead: true,
    }));
    return Items.map((item) => ({ eventId: item.eventId as string, jobId: item.jobId as string }));
  }

  return { createJob, getJob, getUpload, saveChunks, getChunk, hasReport, commitChunk, failJob, listReports, listOpenJobs };
}

export type ImportStore = ReturnType<typeof createImportStore>;
