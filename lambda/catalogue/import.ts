/**
 * Bulk upsert of an event's speakers and sessions. Each item is validated and
 * written on its own: a bad item is reported with its reasons and the rest
 * still go in. Writing the same import twice changes nothing the second time
 * (every item reports `unchanged`), so a client may retry a timed-out import.
 */
import type * as z from 'zod/mini';
import { importedSession, importedSpeaker, importRequest, type ImportReport } from '../domain/schemas';
import { CatalogueError, type FieldError } from '../domain/errors';
import { issuesToErrors, parseWith } from '../domain/validate';
import type { CatalogueStore } from '../store/catalogue-store';
import { putSpeaker, type Organises, type PutOutcome } from './resources';
import { requireEvent, upsertSession, type UpsertOutcome } from './sessions';

/** Items written at once: enough to hide latency, few enough to stay clear of throttling on a fresh table. */
const CONCURRENCY = 8;

async function forEachLimited<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/** Field errors of a failure, with paths relative to the item (`sessions[3].startsAt`). */
function reasonsOf(error: unknown, itemPath: string): FieldError[] {
  if (error instanceof CatalogueError && error.kind !== 'unavailable') {
    if (error.errors.length === 0) return [{ path: itemPath, message: error.message }];
    return error.errors.map((e) => ({ path: e.path.replace(/^body/, itemPath), message: e.message }));
  }
  throw error;
}

/** `organises` decides which existing speakers the import may change (see putSpeaker); the rest are rejected items. */
export async function importCatalogue(store: CatalogueStore, eventId: string, body: unknown, organises: Organises): Promise<ImportReport> {
  const outline = parseWith(importRequest(), body, 'body');
  const event = await requireEvent(store, eventId);
  const report: ImportReport = {
    created: { speakers: [], sessions: [] },
    updated: { speakers: [], sessions: [] },
    unchanged: { speakers: [], sessions: [] },
    rejected: [],
  };
  const record = (kind: 'speakers' | 'sessions', id: string, outcome: PutOutcome | UpsertOutcome) => {
    const bucket = outcome === 'created' ? report.created : outcome === 'unchanged' ? report.unchanged : report.updated;
    bucket[kind].push(id);
  };

  /**
   * Validates and writes one kind of item, each on its own: a bad or repeated
   * item is rejected with its reasons, the others go in.
   */
  async function importEach<T extends { id: string }>(
    kind: 'speakers' | 'sessions',
    schema: z.ZodMiniType<T>,
    write: (item: T) => Promise<PutOutcome | UpsertOutcome>,
  ): Promise<void> {
    const seen = new Set<string>();
    const rejectedKind = kind === 'speakers' ? 'speaker' : 'session';
    await forEachLimited(outline[kind], async (raw, index) => {
      const path = `body.${kind}[${index}]`;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        report.rejected.push({ kind: rejectedKind, index, id: idOf(raw), errors: issuesToErrors(parsed.error.issues, path) });
        return;
      }
      const { id } = parsed.data;
      if (seen.has(id)) {
        report.rejected.push({ kind: rejectedKind, index, id, errors: [{ path: `${path}.id`, message: 'appears twice in this import' }] });
        return;
      }
      seen.add(id);
      try {
        record(kind, id, await write(parsed.data));
      } catch (error) {
        report.rejected.push({ kind: rejectedKind, index, id, errors: reasonsOf(error, path) });
      }
    });
  }

  // Speakers first: the sessions name them.
  await importEach('speakers', importedSpeaker(), async ({ id, ...input }) => (await putSpeaker(store, id, input, undefined, { requireIfMatch: false, organises })).outcome);
  await importEach('sessions', importedSession(), ({ id, ...fields }) => upsertSession(store, event, id, fields));

  // Reports list ids in the order they were given, whatever order the workers finished in.
  const order = (kind: 'speakers' | 'sessions') => {
    const position = new Map<string | undefined, number>();
    outline[kind].forEach((raw, i) => {
      if (!position.has(idOf(raw))) position.set(idOf(raw), i);
    });
    return (a: string, b: string) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  };
  for (const bucket of [report.created, report.updated, report.unchanged]) {
    bucket.speakers.sort(order('speakers'));
    bucket.sessions.sort(order('sessions'));
  }
  report.rejected.sort((a, b) => a.kind.localeCompare(b.kind) || a.index - b.index);
  return report;
}

function idOf(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, 64) : undefined;
}
