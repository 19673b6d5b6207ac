/** Admins' and organisers' writes to the catalogue (the route table says who may call). Every replace names the version it read (If-Match). */
import { eventInput, sessionCreate, sessionPatch, speakerInput, webhookInput, webhookSecretRotation } from '../../domain/schemas';
import { notFound } from '../../domain/errors';
import { requireEvent } from '../../catalogue/sessions';
import { CatalogueError } from '../../domain/errors';
import { parseWith } from '../../domain/validate';
import type { CatalogueWriteStores } from '../../store/stores';
import { viewSession } from '../../attendance/session-views';
import { settleSeats } from '../../attendance/reservations';
import { continueDeletion } from '../../deletions/session-cleanup';
import { createSession, deleteSession, updateSession } from '../../catalogue/sessions';
import { putEvent, putSpeaker, type PutOutcome } from '../../catalogue/resources';
import { importCatalogue, importOutline } from '../../catalogue/import';
import { jobView, JOB_THRESHOLD, MAX_JOB_ROWS, REPORT_PAGE_CHUNKS, startImportJob } from '../../imports/import-job';
import { importJobPageQuery, importQuery } from '../../domain/schemas';
import { eventView, speakerView } from '../../catalogue/views';
import { json, type ApiRequest } from '../http';
import type { Operations } from '../handler';
import { logger } from '../log';
import { organisedBy, organisedEvents } from '../caller';
import { ifMatchOf, requiredIfMatch } from '../preconditions';
import { sessionTag, versionTag } from '../etags';
import { deliveryView, rotateSecret, subscribe, webhookView } from '../../webhooks/subscriptions';
import type { OperationContext } from './context';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * How long a DELETE goes on removing the session's items before it answers:
 * a session with a few hundred reservations is gone entirely by then; a
 * larger one is finished by the stream consumer (session-cleanup.ts).
 */
const DELETE_CLEANUP_MS = 2000;

function idempotencyKeyOf(request: ApiRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new CatalogueError('invalid', 'Idempotency-Key must be 1..200 visible ASCII characters', [
      { path: 'header.Idempotency-Key', message: 'must be 1..200 visible ASCII characters' },
    ]);
  }
  return key;
}

/** The answer to a PUT: 201 with Location when it created the resource, else 200; the ETag either way. */
function putAnswer(outcome: PutOutcome, version: number, body: unknown, location: string) {
  return outcome === 'created'
    ? json(201, body, { etag: versionTag(version), location })
    : json(200, body, { etag: versionTag(version) });
}

export function catalogueWriteOperations(stores: CatalogueWriteStores, context: OperationContext): Operations {
  const { catalogue: store, attendance, webhooks, deletions } = stores;
  return {
    async putEvent(request) {
      const eventId = request.pathParameters.eventId!;
      const input = parseWith(eventInput(), request.body, 'body');
      const { outcome, version } = await putEvent(store, eventId, input, ifMatchOf(request), organisedBy(request.caller!));
      return putAnswer(outcome, version, eventView((await store.getEvent(eventId, true))!), `/events/${eventId}`);
    },

    async createSession(request) {
      const eventId = request.pathParameters.eventId!;
      const body = parseWith(sessionCreate(), request.body, 'body');
      const { session } = await createSession(store, eventId, body, idempotencyKeyOf(request));
      const view = await viewSession(attendance, session);
      return json(201, view, {
        etag: sessionTag({ item: session, view }),
        location: `/events/${eventId}/sessions/${session.id}`,
      });
    },

    async updateSession(request) {
      const { eventId, sessionId } = request.pathParameters as { eventId: string; sessionId: string };
      const expected = requiredIfMatch(request);
      const patch = parseWith(sessionPatch(), request.body, 'body');
      const session = await updateSession(store, eventId, sessionId, patch, expected);
      await settleSeats(attendance, session);
      const view = await viewSession(attendance, session);
      return json(200, view, { etag: sessionTag({ item: session, view }) });
    },

    async deleteSession(request) {
      const { eventId, sessionId } = request.pathParameters as { eventId: string; sessionId: string };
      const deletion = await deleteSession(store, deletions, eventId, sessionId, ifMatchOf(request));
      try {
        await continueDeletion(deletions, deletion, Date.now() + DELETE_CLEANUP_MS);
      } catch (error) {
        // The session is deleted either way; the stream consumer finishes what is left.
        logger().warn('a deleted session is left to the cleanup consumer', { error: error as Error, eventId, sessionId });
      }
      return { status: 204 };
    },

    async putSpeaker(request) {
      const speakerId = request.pathParameters.speakerId!;
      const input = parseWith(speakerInput(), request.body, 'body');
      const { outcome, version } = await putSpeaker(store, speakerId, input, ifMatchOf(request), { requireIfMatch: true, organises: organisedBy(request.caller!) });
      return putAnswer(outcome, version, speakerView((await store.getSpeaker(speakerId, true))!), `/speakers/${speakerId}`);
    },

    async putWebhook(request) {
      const { eventId, webhookId } = request.pathParameters as { eventId: string; webhookId: string };
      const { url } = parseWith(webhookInput(), request.body, 'body');
      const { created, webhook, secret } = await subscribe(stores, context.webhooks, eventId, webhookId, url);
      return json(created ? 201 : 200, { ...webhook, ...(secret ? { secret } : {}) }, { 'cache-control': 'no-store' });
    },

    async rotateWebhookSecret(request) {
      const { eventId, webhookId } = request.pathParameters as { eventId: string; webhookId: string };
      const { keepPreviousSeconds } = parseWith(webhookSecretRotation(), request.body ?? {}, 'body');
      return json(200, await rotateSecret(stores, context.webhooks, eventId, webhookId, keepPreviousSeconds), { 'cache-control': 'no-store' });
    },

    async listWebhooks(request) {
      const eventId = request.pathParameters.eventId!;
      await requireEvent(store, eventId);
      const hooks = await webhooks.listWebhooks(eventId);
      const items = await Promise.all(hooks.map(async (hook) => {
        const [last] = await webhooks.listDeliveries(eventId, hook.id, 1);
        return { ...webhookView(hook), ...(last ? { lastDelivery: deliveryView(last) } : {}) };
      }));
      return json(200, { items: items.sort((a, b) => a.id.localeCompare(b.id)) }, { 'cache-control': 'private, no-store' });
    },

    async getWebhook(request) {
      const { eventId, webhookId } = request.pathParameters as { eventId: string; webhookId: string };
      const hook = await webhooks.getWebhook(eventId, webhookId);
      if (!hook) throw notFound(`Webhook ${webhookId}`);
      const deliveries = await webhooks.listDeliveries(eventId, webhookId, 50);
      return json(200, { ...webhookView(hook), deliveries: deliveries.map(deliveryView) });
    },

    async deleteWebhook(request) {
      const { eventId, webhookId } = request.pathParameters as { eventId: string; webhookId: string };
      if (!(await webhooks.deleteWebhook(eventId, webhookId))) throw notFound(`Webhook ${webhookId}`);
      return { status: 204 };
    },

    async importCatalogue(request) {
      const eventId = request.pathParameters.eventId!;
      const { dryRun } = parseWith(importQuery(), request.query, 'query');
      const csv = typeof request.body === 'string';
      const outline = csv ? undefined : importOutline(request.body);
      const rows = outline ? outline.speakers.length + outline.sessions.length : 0;
      if (csv || rows > JOB_THRESHOLD) {
        await requireEvent(store, eventId);
        if (rows > MAX_JOB_ROWS) throw new CatalogueError('invalid', `An import takes at most ${MAX_JOB_ROWS} rows`, [{ path: 'body', message: `has ${rows} rows` }]);
        const job = await startImportJob(stores.imports, context.imports, {
          eventId,
          format: csv ? 'csv' : 'json',
          dryRun,
          startedBy: { sub: request.caller!.sub, organises: organisedEvents(request.caller!) },
          upload: csv ? (request.body as string) : JSON.stringify(outline),
        });
        const location = `/events/${eventId}/imports/${job.jobId}`;
        return json(202, jobView(job, { rows: [], nextChunk: null }), { location, 'retry-after': '1' });
      }
      const report = await importCatalogue(store, eventId, outline, { organises: organisedBy(request.caller!), dryRun });
      if (!dryRun) {
        for (const sessionId of report.updated.sessions) {
          const session = await store.getSession(eventId, sessionId, true);
          if (session) await settleSeats(attendance, session);
        }
      }
      return json(200, report);
    },

    async getImportJob(request) {
      const { eventId, jobId } = request.pathParameters as { eventId: string; jobId: string };
      const { chunk } = parseWith(importJobPageQuery(), request.query, 'query');
      const job = await stores.imports.getJob(eventId, jobId);
      if (!job) throw notFound(`Import job ${jobId}`);
      const { rows, nextChunk } = await stores.imports.listReports(eventId, jobId, chunk, REPORT_PAGE_CHUNKS);
      return json(200, jobView(job, { rows, nextChunk: nextChunk ?? null }), { 'cache-control': 'no-store' });
    },
  };
}
