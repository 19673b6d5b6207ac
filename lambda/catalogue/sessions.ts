/**
 * Writing sessions: create, patch, upsert (import) and delete. Each reads
 * what it needs, applies the domain rules, and hands one transaction to the
 * store, conditional on the version it read (optimistic locking).
 */
import { createHash, randomBytes } from 'node:crypto';
import { sessionInput, type CatalogueEvent, type SessionInput, type Speaker } from '../domain/schemas';
import { CatalogueError, notFound } from '../domain/errors';
import { applyMergePatch, capacityOf, checkSessionAgainstEvent, checkSessionVocabulary, defaultLanguageOf, inEventZone, mergeTexts, sameSessionFields } from '../domain/sessions';
import { storedTexts } from '../domain/languages';
import { speakerText } from '../domain/search';
import { parseWith } from '../domain/validate';
import { staleIfMatch, versionMatches, type VersionMatch } from '../domain/version-match';
import { sessionItemKeys, type CatalogueStore, type SessionItem } from '../store/catalogue-store';
import type { DeletionStore, SessionDeletion } from '../store/deletion-store';
import { canonicalJson } from '../domain/canonical-json';
import { sessionFieldsOf, speakerView } from './views';

export async function requireEvent(store: CatalogueStore, eventId: string): Promise<CatalogueEvent> {
  const event = await store.getEvent(eventId, true);
  if (!event) throw notFound(`Event ${eventId}`);
  return event;
}

/** What a session copies from its speakers: their profiles as GET shows them, and their names and companies for search. */
export function derivedFrom(speakers: readonly Speaker[]): Pick<SessionItem, 'speakerText' | 'speakers'> {
  return { speakerText: speakerText(speakers), speakers: speakers.map(speakerView) };
}

const sameDerived = (a: Pick<SessionItem, 'speakerText' | 'speakers'>, b: Pick<SessionItem, 'speakerText' | 'speakers'>) =>
  a.speakerText === b.speakerText && canonicalJson(a.speakers) === canonicalJson(b.speakers);

/** Tries at one session's copies before giving up on it: each try lost to a concurrent write of it, which read the speakers itself. */
const REFRESH_ATTEMPTS = 5;

/**
 * Rewrites a session's copies of its speakers from the speakers as they are
 * now. A rewrite is refused when the session changed since it was read (an
 * edit, or another speaker's refresh that may have read an older profile),
 * so it reads again and retries: the last write read the newest profiles.
 */
export async function refreshSpeakerCopies(store: CatalogueStore, eventId: string, sessionId: string): Promise<void> {
  for (let attempt = 0; attempt < REFRESH_ATTEMPTS; attempt++) {
    const session = await store.getSession(eventId, sessionId, true);
    if (!session) return;
    const derived = derivedFrom(await store.getSpeakers(session.speakerIds));
    if (sameDerived(session, derived) || (await store.refreshDerived(session, derived))) return;
  }
}

/** A server-made id; with an Idempotency-Key the same key always makes the same id, so a retried POST cannot create twice. */
export function newSessionId(eventId: string, idempotencyKey?: string): string {
  if (idempotencyKey) return `s-${createHash('sha256').update(`${eventId}\n${idempotencyKey}`).digest('hex').slice(0, 16)}`;
  return `s-${randomBytes(8).toString('hex')}`;
}

/** Builds the item to store from validated fields: times in the event's zone, keys, search text. */
async function buildItem(
  store: CatalogueStore,
  event: CatalogueEvent,
  sessionId: string,
  fields: SessionInput,
  previous: SessionItem | undefined,
): Promise<SessionItem> {
  const vocabularyErrors = checkSessionVocabulary(fields, event);
  if (vocabularyErrors.length > 0) {
    throw new CatalogueError('invalid', "The session names what its event does not have", vocabularyErrors.map((e) => ({ ...e, path: `body.${e.path}` })));
  }
  const eventErrors = checkSessionAgainstEvent(fields, event);
  if (eventErrors.length > 0) {
    throw new CatalogueError('unprocessable', 'The session does not fit its event', eventErrors.map((e) => ({ ...e, path: `body.${e.path}` })));
  }
  const zoned = inEventZone(fields, event.timezone);
  // Stored texts: the session's own language in title/abstract, the others under translations (docs/data-model.md, "Languages").
  const session = { ...zoned, ...storedTexts(fields.title, fields.abstract, defaultLanguageOf(event)), capacity: capacityOf(fields, event) };
  const speakers = await store.getSpeakers(session.speakerIds);
  const missing = session.speakerIds.filter((id) => !speakers.some((s) => s.id === id));
  if (missing.length > 0) {
    throw new CatalogueError(
      'unprocessable',
      'Every speaker of a session must exist first (PUT /speakers/{speakerId})',
      missing.map((id) => ({ path: `body.speakerIds[${session.speakerIds.indexOf(id)}]`, message: `speaker ${id} does not exist` })),
    );
  }
  const now = new Date().toISOString();
  return {
    ...session,
    ...sessionItemKeys(event.id, sessionId, session),
    entity: 'session',
    id: sessionId,
    eventId: event.id,
    version: (previous?.version ?? 0) + 1,
    ...derivedFrom(speakers),
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  } as SessionItem;
}

export interface CreateResult {
  session: SessionItem;
  /** False when this was a retry of a create that had already happened. */
  created: boolean;
}

/**
 * Creates a session. A retry (same id, or same Idempotency-Key, with the same
 * fields) answers with the session it created the first time.
 */
export async function createSession(
  store: CatalogueStore,
  eventId: string,
  body: { id?: string | undefined } & SessionInput,
  idempotencyKey: string | undefined,
): Promise<CreateResult> {
  const event = await requireEvent(store, eventId);
  const { id, ...fields } = body;
  const sessionId = id ?? newSessionId(eventId, idempotencyKey);
  const next = await buildItem(store, event, sessionId, fields, undefined);
  try {
    await store.saveSession(next, undefined);
    return { session: next, created: true };
  } catch (error) {
    if (!(error instanceof CatalogueError && error.kind === 'conflict')) throw error;
    const existing = await store.getSession(eventId, sessionId, true);
    if (existing && existing.version === 1 && sameSessionFields(sessionFieldsOf(existing), sessionFieldsOf(next))) {
      return { session: existing, created: false };
    }
    throw error;
  }
}

/** Applies a JSON Merge Patch to a session at the version the caller read. */
export async function updateSession(
  store: CatalogueStore,
  eventId: string,
  sessionId: string,
  patch: Record<string, unknown>,
  ifMatch: VersionMatch,
): Promise<SessionItem> {
  const [event, current] = await Promise.all([requireEvent(store, eventId), store.getSession(eventId, sessionId, true)]);
  if (!current) throw notFound(`Session ${sessionId}`);
  if (!versionMatches(ifMatch, current.version)) throw staleIfMatch(current.version, 'session');
  const fields = sessionFieldsOf(current) as Record<string, unknown>;
  const own = current.textLanguage ?? defaultLanguageOf(event);
  const texts = {
    title: mergeTexts(fields.title, patch.title, own, defaultLanguageOf(event)),
    abstract: mergeTexts(fields.abstract, patch.abstract, own, defaultLanguageOf(event)),
  };
  const merged = parseWith(sessionInput(), applyMergePatch(fields, { ...patch, ...texts }), 'body');
  const next = await buildItem(store, event, sessionId, merged, current);
  return (await saveIfChanged(store, next, current)).stored;
}

/** Whether a stored session has the index keys the current key design gives it: one stored before an index was added has not. */
function hasKeysOf(stored: SessionItem, next: SessionItem): boolean {
  const keys = sessionItemKeys(next.eventId, next.id, next) as Record<string, unknown>;
  return Object.keys(keys).every((name) => (stored as unknown as Record<string, unknown>)[name] === keys[name]);
}

/**
 * Saves `next` over `current` unless no field a client sees would change:
 * then there is no new version and nothing for the change feed, and only
 * derived attributes are put right, in place: stale speaker profiles or
 * search text, or index keys missing from a session stored before the index
 * (so an import backfills them). Says whether it saved, and the session as stored.
 */
async function saveIfChanged(store: CatalogueStore, next: SessionItem, current: SessionItem | undefined): Promise<{ saved: boolean; stored: SessionItem }> {
  if (current && sameSessionFields(sessionFieldsOf(current), sessionFieldsOf(next))) {
    const derived = { speakerText: next.speakerText, speakers: next.speakers };
    if (sameDerived(current, derived) && hasKeysOf(current, next)) return { saved: false, stored: current };
    // Refused only when a concurrent write got there first, having read the speakers itself.
    const refreshed = await store.refreshDerived(current, derived);
    return { saved: false, stored: refreshed ? { ...current, ...derived, derivedRevision: (current.derivedRevision ?? 0) + 1 } : current };
  }
  await store.saveSession(next, current);
  return { saved: true, stored: next };
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Import's write: creates, replaces, or leaves alone a session so that a repeated import changes nothing. */
export async function upsertSession(
  store: CatalogueStore,
  event: CatalogueEvent,
  sessionId: string,
  fields: SessionInput,
): Promise<UpsertOutcome> {
  const current = await store.getSession(event.id, sessionId, true);
  const next = await buildItem(store, event, sessionId, fields, current);
  if (!(await saveIfChanged(store, next, current)).saved) return 'unchanged';
  return current ? 'updated' : 'created';
}

/**
 * What upsertSession would do, writing nothing (an import's dry run):
 * `plannedSpeakers` are speakers the same import would create first.
 */
export async function previewSession(
  store: CatalogueStore,
  event: CatalogueEvent,
  sessionId: string,
  fields: SessionInput,
  plannedSpeakers: ReadonlySet<string>,
): Promise<UpsertOutcome> {
  const current = await store.getSession(event.id, sessionId, true);
  const planned = (ids: readonly string[]) => ids.filter((id) => plannedSpeakers.has(id)).map((id) => ({ id, name: id }) as Speaker);
  const withPlanned = { ...store, getSpeakers: async (ids: readonly string[]) => [...(await store.getSpeakers(ids)), ...planned(ids)] } as CatalogueStore;
  const next = await buildItem(withPlanned, event, sessionId, fields, current);
  if (!current) return 'created';
  return sameSessionFields(sessionFieldsOf(current), sessionFieldsOf(next)) ? 'unchanged' : 'updated';
}

/**
 * Deletes a session (one transaction) and returns the deletion whose cleanup
 * is to follow. A DELETE repeated while that cleanup still runs answers for
 * the same deletion, so a client's retry resumes the work instead of a 404.
 */
export async function deleteSession(
  store: CatalogueStore,
  deletions: DeletionStore,
  eventId: string,
  sessionId: string,
  ifMatch: VersionMatch | undefined,
): Promise<SessionDeletion> {
  const current = await store.getSession(eventId, sessionId, true);
  // A retry during the cleanup matches If-Match against the version the session was deleted at.
  const pending = current ? undefined : await deletions.getDeletion(eventId, sessionId);
  const version = current?.version ?? pending?.version;
  if (version === undefined) throw notFound(`Session ${sessionId}`);
  if (ifMatch !== undefined && !versionMatches(ifMatch, version)) throw staleIfMatch(version, 'session');
  return current ? store.deleteSession(current) : pending!;
}
