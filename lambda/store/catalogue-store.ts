/**
 * The catalogue's events, speakers and session writes, each access pattern a
 * named function over the key design in ./keys.ts; session lists are in
 * ./session-lists.ts and the catalogue revision in ./catalogue-revision.ts. Nothing here Scans: each read is a GetItem, a
 * BatchGetItem or a Query on a key. Writes that touch several items
 * (a session, its track count, its speakers' links) are one transaction, and
 * every replace is conditional on the version the caller read.
 */
import {
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CatalogueEvent, EventInput, SessionInput, Speaker, SpeakerInput } from '../domain/schemas';
import { CatalogueError } from '../domain/errors';
import type { StoredTexts } from '../domain/languages';
import { toUtcKey } from '../domain/time';
import { diffSpeakers } from '../domain/sessions';
import {
  EVENTS_TIMELINE,
  eventKey,
  eventPartition,
  eventSpeakerKey,
  eventTimelineSk,
  sessionKey,
  sessionKindPk,
  sessionRoomPk,
  sessionTimelinePk,
  sessionTimelineSk,
  sessionTrackPk,
  speakerKey,
  speakerPartition,
  talkKey,
  trackCounterKey,
} from './keys';
import { createQueryPage, queryAll, type Page, type PageRequest } from './query-page';
import type { Cursors } from './cursor';
import { getItem, getItems } from './item-reads';
import { createSessionLists } from './session-lists';
import { createCatalogueRevision } from './catalogue-revision';
import { noSessionDeletionCheck, sessionDeletionPut, type SessionDeletion } from './deletion-store';
import { createSessionAndSeats } from './session-and-seats';
import { capacityBelowTaken, createSeatCounters, shardsInUse } from './seat-counters';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** A session as stored: the API shape plus its keys and derived attributes. */
export interface SessionItem extends Omit<SessionInput, 'title' | 'abstract' | 'capacity'>, StoredTexts {
  capacity: number | null;
  pk: string;
  sk: string;
  id: string;
  eventId: string;
  version: number;
  /** Speakers' names and companies, normalised: what search matches besides the session's own text. */
  speakerText: string;
  /** The speakers' profiles as GET shows them, in the session's order, so one read answers GET; absent on sessions stored before. */
  speakers?: Speaker[];
  /** Grows each time the two above are rewritten in place (a speaker changed): the session's ETag moves with it. */
  derivedRevision?: number;
  timelinePk: string;
  timelineSk: string;
  trackPk?: string;
  roomPk?: string;
  kindPk: string;
  endsAtUtc?: string;
  createdAt: string;
  updatedAt: string;
}

/** What a version check expects: the item must not exist yet, or must be at this version. */
export type Expected = { absent: true } | { version: number } | undefined;

function versionCondition(expected: Expected): {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
} {
  if (!expected) return {};
  if ('absent' in expected) return { ConditionExpression: 'attribute_not_exists(pk)' };
  return {
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expected.version },
  };
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
}

const TRANSACTION_ATTEMPTS = 5;
/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

export function createCatalogueStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);
  const sessionLists = createSessionLists(doc, tableName, cursors);
  const { bumpRevision, getEventHead, getEventHeadWith, getEventHeadsWith } = createCatalogueRevision(doc, tableName);
  const getSessionAndSeats = createSessionAndSeats(doc, tableName);
  const seatCounters = createSeatCounters(doc, tableName);

  /**
   * A transaction, tried again when it lost a race with another transaction
   * on a shared item (a track count, say), or met a partition over its
   * throughput: DynamoDB cancels such a transaction whole, so trying again
   * is safe, and the SDK does not do it by itself.
   */
  async function transact(items: TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const conflict =
          error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
        if (!conflict) throw error;
        if (attempt >= TRANSACTION_ATTEMPTS) {
          throw new CatalogueError('unavailable', 'Too many concurrent changes to the same items; try again shortly');
        }
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
      }
    }
  }

  // ---- events ----

  /** Access pattern: one event by id. */
  async function getEvent(eventId: string, consistent = false): Promise<(CatalogueEvent & { pk: string }) | undefined> {
    return getItem(doc, tableName, eventKey(eventId), consistent);
  }

  /** Access pattern: several events by id (BatchGetItem). */
  async function getEvents(eventIds: readonly string[]): Promise<CatalogueEvent[]> {
    const found = await getItems<CatalogueEvent & { pk: string; sk: string }>(doc, tableName, eventIds.map(eventKey));
    return found.filter((e): e is CatalogueEvent & { pk: string; sk: string } => e !== undefined);
  }

  /** Access pattern: events newest first (timeline index, partition EVENTS). */
  async function listEvents(page: PageRequest): Promise<Page<CatalogueEvent>> {
    return queryPage<CatalogueEvent>({
      indexName: 'timeline',
      partition: { name: 'timelinePk', value: EVENTS_TIMELINE },
      newestFirst: true,
      identity: ['events'],
    }, page);
  }

  /**
   * Create or replace an event, conditional on the version the caller read.
   * Tracks it drops must have no sessions at that moment: each one's count is
   * checked in the same transaction, so a session written meanwhile wins.
   */
  async function putEvent(eventId: string, input: EventInput, version: number, expected: Expected, droppedTracks: readonly string[] = []): Promise<void> {
    const days = [...input.days].sort((a, b) => a.date.localeCompare(b.date));
    const item = {
      ...eventKey(eventId),
      entity: 'event',
      id: eventId,
      ...input,
      days,
      version,
      timelinePk: EVENTS_TIMELINE,
      timelineSk: eventTimelineSk(days[0]?.date, eventId),
      updatedAt: new Date().toISOString(),
    };
    if (droppedTracks.length === 0) {
      try {
        await doc.send(new PutCommand({ TableName: tableName, Item: item, ...versionCondition(expected) }));
      } catch (error) {
        if (isConditionFailure(error)) throw staleVersion('event');
        throw error;
      }
      return;
    }
    const unused = (track: string): TransactItem => ({
      ConditionCheck: {
        TableName: tableName,
        Key: trackCounterKey(eventId, track),
        ConditionExpression: 'attribute_not_exists(#sessions) OR #sessions <= :zero',
        ExpressionAttributeNames: { '#sessions': 'sessions' },
        ExpressionAttributeValues: { ':zero': 0 },
      },
    });
    try {
      await transact([{ Put: { TableName: tableName, Item: item, ...versionCondition(expected) } }, ...droppedTracks.map(unused)]);
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') throw staleVersion('event');
      const inUse = droppedTracks.filter((_, i) => reasons[i + 1]?.Code === 'ConditionalCheckFailed');
      if (inUse.length === 0) throw error;
      throw new CatalogueError('conflict', 'Sessions were just added to a track this PUT drops; read the event again', inUse.map((track) => ({
        path: 'body.tracks',
        message: `"${track}" is the track of sessions again`,
      })));
    }
  }

  // ---- speakers ----

  /** Access pattern: one speaker by id. */
  async function getSpeaker(speakerId: string, consistent = false): Promise<(Speaker & { pk: string }) | undefined> {
    return getItem(doc, tableName, speakerKey(speakerId), consistent);
  }

  /** Access pattern: several speakers by id (BatchGetItem), in the order asked. */
  async function getSpeakers(speakerIds: readonly string[]): Promise<(Speaker & { pk: string; sk: string })[]> {
    const found = await getItems<Speaker & { pk: string; sk: string }>(doc, tableName, speakerIds.map(speakerKey));
    return found.filter((s): s is Speaker & { pk: string; sk: string } => s !== undefined);
  }

  async function putSpeaker(speakerId: string, input: SpeakerInput, version: number, expected: Expected): Promise<void> {
    const item = { ...speakerKey(speakerId), entity: 'speaker', id: speakerId, ...input, version, updatedAt: new Date().toISOString() };
    try {
      await doc.send(new PutCommand({ TableName: tableName, Item: item, ...versionCondition(expected) }));
    } catch (error) {
      if (isConditionFailure(error)) throw staleVersion('speaker');
      throw error;
    }
  }

  /** Access pattern: a page of the sessions a speaker gives, across events, by event then time (partition SPEAKER#{p}, sk TALK#…). */
  async function listTalks(speakerId: string, page: PageRequest): Promise<Page<{ eventId: string; sessionId: string }>> {
    const result = await queryPage({
      partition: { name: 'pk', value: speakerPartition(speakerId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': 'TALK#' } },
      identity: ['talks'],
    }, page);
    return { items: result.items.map((i) => ({ eventId: i.eventId as string, sessionId: i.sessionId as string })), nextCursor: result.nextCursor };
  }

  /**
   * Access pattern: every session a speaker gives (partition SPEAKER#{p}, sk
   * TALK#…, every page, read consistently): for work that must reach all of
   * them (search text, change feeds, who may change the speaker).
   */
  async function listAllTalks(speakerId: string): Promise<{ eventId: string; sessionId: string }[]> {
    return queryAll<{ eventId: string; sessionId: string }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': speakerPartition(speakerId), ':prefix': 'TALK#' },
      ProjectionExpression: 'eventId, sessionId',
      ConsistentRead: true,
    });
  }

  /** The events a speaker gives talks at, to decide who may change them. */
  async function listSpeakerEventIds(speakerId: string): Promise<string[]> {
    return [...new Set((await listAllTalks(speakerId)).map((talk) => talk.eventId))];
  }

  /** Access pattern: the speakers of an event (partition EVENT#{e}, sk SPEAKER#…), who still have a talk there. */
  async function listEventSpeakerIds(eventId: string, page: PageRequest): Promise<Page<string>> {
    const result = await queryPage({
      partition: { name: 'pk', value: eventPartition(eventId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': 'SPEAKER#' } },
      filter: { expression: '#talks > :zero', names: { '#talks': 'talks' }, values: { ':zero': 0 } },
      identity: ['event-speakers', eventId],
    }, page);
    return { items: result.items.map((i) => i.speakerId as string), nextCursor: result.nextCursor };
  }

  // ---- tracks ----

  /** Access pattern: session counts per track of an event (partition EVENT#{e}, sk TRACK#…). */
  async function listTrackCounts(eventId: string): Promise<{ track: string; sessions: number }[]> {
    const page = await queryPage({
      partition: { name: 'pk', value: eventPartition(eventId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': 'TRACK#' } },
      identity: ['tracks', eventId],
    }, { limit: 1000 });
    return page.items.map((i) => ({ track: i.track as string, sessions: i.sessions as number }));
  }

  // ---- sessions ----

  /** Access pattern: one session by event and id. */
  async function getSession(eventId: string, sessionId: string, consistent = false): Promise<SessionItem | undefined> {
    return getItem<SessionItem>(doc, tableName, sessionKey(eventId, sessionId), consistent);
  }

  /**
   * Writes a session (new or replacing `previous`) with everything that
   * depends on it, in one transaction: the version check, the track counts,
   * the speaker links and the event's speaker list, and a check that the
   * event and every new speaker exist.
   */
  async function saveSession(next: SessionItem, previous: SessionItem | undefined): Promise<void> {
    // A lowered capacity over several shards may meet a reservation on one of them: read the counters again and retry.
    for (let round = 1; ; round++) {
      const outcome = await trySaveSession(next, previous);
      if (outcome === 'saved') return;
      if (round >= TRANSACTION_ATTEMPTS) throw capacityBelowTaken();
    }
  }

  async function trySaveSession(next: SessionItem, previous: SessionItem | undefined): Promise<'saved' | 'retry'> {
    const { eventId, id: sessionId } = next;
    const counters = await seatCounters.sessionWriteItems(previous, next);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: tableName,
          Item: next,
          ...versionCondition(previous ? { version: previous.version } : { absent: true }),
        },
      },
      {
        ConditionCheck: {
          TableName: tableName,
          Key: eventKey(eventId),
          // The event exists and, when it declares tracks, still declares this one (an event PUT may have dropped it since it was read).
          ...(next.track
            ? {
                ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#tracks) OR size(#tracks) = :none OR contains(#tracks, :track))',
                ExpressionAttributeNames: { '#tracks': 'tracks' },
                ExpressionAttributeValues: { ':none': 0, ':track': next.track },
              }
            : { ConditionExpression: 'attribute_exists(pk)' }),
        },
      },
    ];
    const firstCounter = items.length;
    items.push(...counters.items);
    // A new session may not take an id whose deletion is still removing the old session's items.
    const deletionCheck = previous ? -1 : items.push(noSessionDeletionCheck(tableName, eventId, sessionId)) - 1;
    items.push(...trackCountChanges(eventId, previous?.track, next.track));
    const { added, removed, kept } = diffSpeakers(previous?.speakerIds ?? [], next.speakerIds);
    for (const speakerId of added) {
      items.push({ ConditionCheck: { TableName: tableName, Key: speakerKey(speakerId), ConditionExpression: 'attribute_exists(pk)' } });
      items.push(talkPut(speakerId, next));
      items.push(eventSpeakerCount(eventId, speakerId, +1));
    }
    for (const speakerId of removed) {
      items.push(talkDelete(speakerId, previous!));
      items.push(eventSpeakerCount(eventId, speakerId, -1));
    }
    if (previous && previous.timelineSk !== next.timelineSk) {
      for (const speakerId of kept) items.push(talkDelete(speakerId, previous), talkPut(speakerId, next));
    }
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new CatalogueError('unprocessable', 'This write changes too much at once for one transaction', [
        { path: 'body.speakerIds', message: `with ${next.seatShards} seat shards, change the speakers and the seats (capacity, status, times) in two writes` },
      ]);
    }
    try {
      await transact(items);
      await bumpRevision(eventId);
      return 'saved';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
      if (failed(0)) throw previous ? staleVersion('session') : new CatalogueError('conflict', `Session ${sessionId} already exists`);
      if (failed(deletionCheck)) {
        throw new CatalogueError('conflict', `Session ${sessionId} was deleted and its reservations are still being removed; create it again in a moment`, [], {
          retryAfterSeconds: 2,
        });
      }
      if (failed(1)) {
        const event = await getEvent(eventId, true);
        if (!event) throw new CatalogueError('not-found', `Event ${eventId} does not exist`);
        throw new CatalogueError('unprocessable', 'The session does not fit its event', [
          { path: 'body.track', message: `must be one of the event's tracks: ${event.tracks.join(', ')}` },
        ]);
      }
      if (counters.items.some((_, i) => failed(firstCounter + i))) {
        if (counters.refusal === 'shards') throw shardsInUse();
        if (counters.retryable) return 'retry';
        throw capacityBelowTaken();
      }
      const missing = added.filter((speakerId) => {
        const index = items.findIndex((it) => it.ConditionCheck?.Key?.pk === speakerKey(speakerId).pk);
        return failed(index);
      });
      if (missing.length > 0) {
        throw new CatalogueError(
          'unprocessable',
          'Every speaker of a session must exist first (PUT /speakers/{speakerId})',
          missing.map((id) => ({ path: `body.speakerIds[${next.speakerIds.indexOf(id)}]`, message: `speaker ${id} does not exist` })),
        );
      }
      throw error;
    }
  }

  /**
   * Deletes a session, if it is still at `version`, in one transaction: the
   * session, its seat counter (so no seat can be taken or freed any more),
   * its track count, speaker links and counts, and a deletion record that
   * drives the removal of everything else the session had (seats, waitlist,
   * reservations, bookmarks, polls, reviews; see deletion-store.ts).
   */
  async function deleteSession(previous: SessionItem): Promise<SessionDeletion> {
    const { eventId } = previous;
    const { item: deletionItem, deletion } = sessionDeletionPut(tableName, previous);
    const items: TransactItem[] = [
      { Delete: { TableName: tableName, Key: sessionKey(eventId, previous.id), ...versionCondition({ version: previous.version }) } },
      ...seatCounters.deleteItems(previous),
      deletionItem,
      ...trackCountChanges(eventId, previous.track, undefined),
    ];
    for (const speakerId of previous.speakerIds) {
      items.push(talkDelete(speakerId, previous), eventSpeakerCount(eventId, speakerId, -1));
    }
    try {
      await transact(items);
      await bumpRevision(eventId);
      return deletion;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        throw staleVersion('session');
      }
      throw error;
    }
  }

  /**
   * Rewrites a session's derived attributes in place (its speakers' profiles
   * and search text, after a speaker changed) and its index keys as the key
   * design gives them now, if it is still as read: at the same version and
   * derived revision. False when it changed meanwhile: read it again.
   */
  async function refreshDerived(session: SessionItem, derived: Pick<SessionItem, 'speakerText' | 'speakers'>): Promise<boolean> {
    const revision = session.derivedRevision;
    const written = await writeIf(
      new PutCommand({
        TableName: tableName,
        Item: { ...session, ...sessionItemKeys(session.eventId, session.id, session), ...derived, derivedRevision: (revision ?? 0) + 1 },
        ConditionExpression: `#version = :version AND ${revision === undefined ? 'attribute_not_exists(#derived)' : '#derived = :derived'}`,
        ExpressionAttributeNames: { '#version': 'version', '#derived': 'derivedRevision' },
        ExpressionAttributeValues: { ':version': session.version, ...(revision === undefined ? {} : { ':derived': revision }) },
      }),
    );
    if (!written) return false;
    await bumpRevision(session.eventId);
    return true;
  }

  /**
   * Says which language a session stored before languages is in (its
   * `textLanguage`), in place: no new version, as nothing a client sees in
   * the session's own language changes. Only if it still has none and is at
   * the version read; false when it changed meanwhile (a write stamps it anyway).
   */
  async function stampTextLanguage(session: SessionItem, language: string): Promise<boolean> {
    return writeIf(
      new UpdateCommand({
        TableName: tableName,
        Key: sessionKey(session.eventId, session.id),
        UpdateExpression: 'SET #language = :language',
        ConditionExpression: 'attribute_not_exists(#language) AND #version = :version',
        ExpressionAttributeNames: { '#language': 'textLanguage', '#version': 'version' },
        ExpressionAttributeValues: { ':language': language, ':version': session.version },
      }),
    );
  }

  /** A conditional write: true when made, false when its condition failed (the item changed meanwhile). */
  async function writeIf(command: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      await doc.send(command as UpdateCommand);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * +delta on a counter item that also carries its label (a track's name, a
   * speaker's id). An increment creates the counter; a decrement needs it to
   * exist and to stay at zero or above.
   */
  function counterChange(key: { pk: string; sk: string }, label: [string, string], counter: string, entity: string, delta: number): TransactItem {
    return {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #label = :label, #entity = :entity ADD #counter :delta',
        ...(delta < 0 ? { ConditionExpression: '#counter >= :least' } : {}),
        ExpressionAttributeNames: { '#label': label[0], '#entity': 'entity', '#counter': counter },
        ExpressionAttributeValues: { ':label': label[1], ':entity': entity, ':delta': delta, ...(delta < 0 ? { ':least': -delta } : {}) },
      },
    };
  }

  function trackCountChanges(eventId: string, before: string | undefined, after: string | undefined): TransactItem[] {
    if (before === after) return [];
    const change = (track: string, delta: number) => counterChange(trackCounterKey(eventId, track), ['track', track], 'sessions', 'track-count', delta);
    return [...(before ? [change(before, -1)] : []), ...(after ? [change(after, +1)] : [])];
  }

  function eventSpeakerCount(eventId: string, speakerId: string, delta: number): TransactItem {
    return counterChange(eventSpeakerKey(eventId, speakerId), ['speakerId', speakerId], 'talks', 'event-speaker', delta);
  }

  function talkPut(speakerId: string, session: SessionItem): TransactItem {
    return {
      Put: {
        TableName: tableName,
        Item: { ...talkKey(speakerId, session.eventId, session.timelineSk), entity: 'talk', eventId: session.eventId, sessionId: session.id },
      },
    };
  }

  function talkDelete(speakerId: string, session: SessionItem): TransactItem {
    return { Delete: { TableName: tableName, Key: talkKey(speakerId, session.eventId, session.timelineSk) } };
  }

  return {
    getEvent,
    getEvents,
    listEvents,
    putEvent,
    getSpeaker,
    getSpeakers,
    putSpeaker,
    listTalks,
    listSpeakerEventIds,
    listAllTalks,
    listEventSpeakerIds,
    listTrackCounts,
    getSession,
    ...sessionLists,
    saveSession,
    deleteSession,
    refreshDerived,
    stampTextLanguage,
    bumpRevision,
    getEventHead,
    getEventHeadWith,
    getEventHeadsWith,
    getSessionAndSeats,
  };
}

export type CatalogueStore = ReturnType<typeof createCatalogueStore>;

function staleVersion(what: string) {
  return new CatalogueError('precondition-failed', `The ${what} has changed since you read it; read it again and retry with its new ETag`);
}

/** The derived attributes of a session item: its keys in the table and the indexes. */
export function sessionItemKeys(eventId: string, sessionId: string, session: SessionInput) {
  const startsAtUtc = session.startsAt ? toUtcKey(session.startsAt) : undefined;
  return {
    ...sessionKey(eventId, sessionId),
    timelinePk: sessionTimelinePk(eventId),
    timelineSk: sessionTimelineSk(startsAtUtc, sessionId),
    trackPk: session.track ? sessionTrackPk(eventId, session.track) : undefined,
    roomPk: session.room ? sessionRoomPk(eventId, session.room) : undefined,
    kindPk: sessionKindPk(eventId, session.type, session.status),
    endsAtUtc: session.endsAt ? toUtcKey(session.endsAt) : undefined,
  };
}
