/**
 * Every access pattern of the catalogue, each a named function over the key
 * design in ./keys.ts. Nothing here Scans: each read is a GetItem, a
 * BatchGetItem or a Query on a key. Writes that touch several items
 * (a session, its track count, its speakers' links) are one transaction, and
 * every replace is conditional on the version the caller read.
 */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CatalogueEvent, EventInput, SessionInput, SessionListQuery, Speaker, SpeakerInput } from '../domain/schemas';
import { CatalogueError } from '../domain/errors';
import { dayRange, toUtcKey } from '../domain/time';
import { diffSpeakers } from '../domain/sessions';
import { matchesFilters } from '../domain/session-filters';
import {
  EVENTS_TIMELINE,
  eventKey,
  eventPartition,
  eventSpeakerKey,
  eventTimelineSk,
  sessionKey,
  sessionRoomPk,
  sessionTimelinePk,
  sessionTimelineSk,
  sessionTrackPk,
  speakerKey,
  speakerPartition,
  revisionKey,
  seatsKey,
  UNSCHEDULED_PREFIX,
  talkKey,
  trackCounterKey,
} from './keys';
import { createQueryPage, queryAll, type Page, type PageRequest } from './query-page';
import type { Cursors } from './cursor';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** A session as stored: the API shape plus its keys and derived attributes. */
export interface SessionItem extends SessionInput {
  pk: string;
  sk: string;
  id: string;
  eventId: string;
  version: number;
  /** Speakers' names and companies, normalised: what search matches besides the session's own text. */
  speakerText: string;
  timelinePk: string;
  timelineSk: string;
  trackPk?: string;
  roomPk?: string;
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

const BATCH_GET_SIZE = 100;
const TRANSACTION_ATTEMPTS = 5;

export function createCatalogueStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);
  async function getItem<T>(key: { pk: string; sk: string }, consistent = false): Promise<T | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent }));
    return Item as T | undefined;
  }

  /** BatchGetItem in chunks of 100, retrying unprocessed keys; results in the order of `keys`. */
  async function getItems<T extends { pk: string; sk: string }>(keys: { pk: string; sk: string }[]): Promise<(T | undefined)[]> {
    const found = new Map<string, T>();
    const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    for (let i = 0; i < unique.length; i += BATCH_GET_SIZE) {
      let pending: { pk: string; sk: string }[] = unique.slice(i, i + BATCH_GET_SIZE);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new CatalogueError('unavailable', 'The database did not return every item in time');
        const result = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
        for (const item of result.Responses?.[tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item as T);
        pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as { pk: string; sk: string }[];
      }
    }
    return keys.map((k) => found.get(`${k.pk}|${k.sk}`));
  }

  /**
   * A transaction, tried again when it lost a race with another transaction
   * on a shared item (a track count, say): DynamoDB cancels such a transaction
   * whole, so trying again is safe, and the SDK does not do it by itself.
   */
  async function transact(items: TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const conflict =
          error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
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
    return getItem(eventKey(eventId), consistent);
  }

  /** Access pattern: several events by id (BatchGetItem). */
  async function getEvents(eventIds: readonly string[]): Promise<CatalogueEvent[]> {
    const found = await getItems<CatalogueEvent & { pk: string; sk: string }>(eventIds.map(eventKey));
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

  /** Create or replace an event, conditional on the version the caller read. */
  async function putEvent(eventId: string, input: EventInput, version: number, expected: Expected): Promise<void> {
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
    try {
      await doc.send(new PutCommand({ TableName: tableName, Item: item, ...versionCondition(expected) }));
    } catch (error) {
      if (isConditionFailure(error)) throw staleVersion('event');
      throw error;
    }
  }

  // ---- speakers ----

  /** Access pattern: one speaker by id. */
  async function getSpeaker(speakerId: string, consistent = false): Promise<(Speaker & { pk: string }) | undefined> {
    return getItem(speakerKey(speakerId), consistent);
  }

  /** Access pattern: several speakers by id (BatchGetItem), in the order asked. */
  async function getSpeakers(speakerIds: readonly string[]): Promise<(Speaker & { pk: string; sk: string })[]> {
    const found = await getItems<Speaker & { pk: string; sk: string }>(speakerIds.map(speakerKey));
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

  /** Access pattern: the sessions a speaker gives, across events (partition SPEAKER#{p}, sk TALK#…). */
  async function listTalks(speakerId: string, limit = 100): Promise<{ eventId: string; sessionId: string }[]> {
    const page = await queryPage({
      partition: { name: 'pk', value: speakerPartition(speakerId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': 'TALK#' } },
      identity: ['talks'],
    }, { limit });
    return page.items.map((i) => ({ eventId: i.eventId as string, sessionId: i.sessionId as string }));
  }

  /**
   * Access pattern: the events a speaker gives talks at (partition SPEAKER#{p},
   * sk TALK#{e}#…, every page, read consistently), to decide who may change them.
   */
  async function listSpeakerEventIds(speakerId: string): Promise<string[]> {
    const talks = await queryAll<{ eventId: string }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': speakerPartition(speakerId), ':prefix': 'TALK#' },
      ProjectionExpression: 'eventId',
      ConsistentRead: true,
    });
    return [...new Set(talks.map((talk) => talk.eventId))];
  }

  /**
   * Access pattern: a speaker's sessions at one event, in time order.
   * `filteredBy` is what the caller filters the page by afterwards: part of the query, so of its cursor.
   */
  async function listEventTalks(speakerId: string, eventId: string, page: PageRequest, filteredBy: unknown) {
    return queryPage({
      partition: { name: 'pk', value: speakerPartition(speakerId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': `TALK#${eventId}#` } },
      identity: ['event-talks', eventId, filteredBy],
    }, page);
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
    return getItem<SessionItem>(sessionKey(eventId, sessionId), consistent);
  }

  /** Access pattern: several sessions by key (BatchGetItem), in the order asked. */
  async function getSessions(refs: readonly { eventId: string; sessionId: string }[]): Promise<SessionItem[]> {
    const found = await getItems<SessionItem>(refs.map((r) => sessionKey(r.eventId, r.sessionId)));
    return found.filter((s): s is SessionItem => s !== undefined);
  }

  /**
   * Access pattern: an event's sessions in time order, filtered. The most
   * selective key goes first: a track or a room has its own index, and a day
   * (or the day of `at`) is a key range on the time-ordered sort key. Filters
   * with no key of their own (level, type, status, `at`'s end, `q`) are
   * filter expressions on that narrowed range.
   */
  async function listSessions(eventId: string, timeZone: string, query: SessionListQuery): Promise<Page<SessionItem>> {
    if (query.speaker !== undefined) {
      // A speaker's sessions: their talk links at this event (in time order), then the sessions themselves.
      const { limit, cursor, ...filters } = query;
      const talks = await listEventTalks(query.speaker, eventId, { limit, cursor }, filters);
      const sessions = await getSessions(talks.items.map((t) => ({ eventId, sessionId: t.sessionId as string })));
      return { items: sessions.filter((s) => matchesFilters(s, query, timeZone)), nextCursor: talks.nextCursor };
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const conditions: string[] = [];
    const equals = (attribute: string, value: string | undefined) => {
      if (value === undefined) return;
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      conditions.push(`#${attribute} = :${attribute}`);
    };

    let indexName: 'timeline' | 'trackTimeline' | 'roomTimeline' = 'timeline';
    let partition = { name: 'timelinePk', value: sessionTimelinePk(eventId) };
    if (query.track !== undefined) {
      indexName = 'trackTimeline';
      partition = { name: 'trackPk', value: sessionTrackPk(eventId, query.track) };
      equals('room', query.room);
    } else if (query.room !== undefined) {
      indexName = 'roomTimeline';
      partition = { name: 'roomPk', value: sessionRoomPk(eventId, query.room) };
    }

    let range: [string, string] | undefined;
    if (query.day) {
      const [from, to] = dayRange(query.day, timeZone);
      range = [new Date(from).toISOString(), new Date(to).toISOString()];
    }
    if (query.at) {
      // Running at `at`: started no later than `at` (a key bound) and not yet ended (a filter).
      const at = toUtcKey(query.at);
      const from = range?.[0] ?? new Date(Date.parse(at) - 24 * 3600_000).toISOString();
      range = [from, range && range[1] < at ? range[1] : `${at}#~`];
      names['#endsAtUtc'] = 'endsAtUtc';
      values[':at'] = at;
      conditions.push('#endsAtUtc > :at');
    }

    // `at` outside the asked day: nothing can match (and DynamoDB refuses a BETWEEN whose bounds are reversed).
    if (range && range[0] > range[1]) return { items: [], nextCursor: null };
    // A day or an instant is about scheduled sessions only.
    if (range && query.scheduled === false) return { items: [], nextCursor: null };
    // Unscheduled sessions are the key range after every time: `~#{id}` (see keys.ts).
    const slotRange: { condition: string; values: Record<string, unknown> } | undefined = range
      ? { condition: '#sk BETWEEN :from AND :to', values: { ':from': range[0], ':to': range[1] } }
      : query.scheduled === false
        ? { condition: 'begins_with(#sk, :unscheduled)', values: { ':unscheduled': UNSCHEDULED_PREFIX } }
        : query.scheduled === true
          ? { condition: '#sk < :unscheduled', values: { ':unscheduled': UNSCHEDULED_PREFIX } }
          : undefined;

    equals('level', query.level);
    equals('type', query.type);
    equals('status', query.status);
    return queryPage<SessionItem>({
      indexName,
      partition,
      ...(slotRange ? { sortKey: { name: 'timelineSk', ...slotRange } } : {}),
      ...(conditions.length > 0 ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
      identity: ['sessions', eventId],
    }, query);
  }

  /**
   * Writes a session (new or replacing `previous`) with everything that
   * depends on it, in one transaction: the version check, the track counts,
   * the speaker links and the event's speaker list, and a check that the
   * event and every new speaker exist.
   */
  async function saveSession(next: SessionItem, previous: SessionItem | undefined): Promise<void> {
    const { eventId, id: sessionId } = next;
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
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
    ];
    items.push(seatsUpdate(next));
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
    try {
      await transact(items);
      await bumpRevision(eventId);
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
      if (failed(0)) throw previous ? staleVersion('session') : new CatalogueError('conflict', `Session ${sessionId} already exists`);
      if (failed(1)) throw new CatalogueError('not-found', `Event ${eventId} does not exist`);
      if (failed(2)) {
        throw new CatalogueError('conflict', 'More seats are already confirmed than the new capacity', [
          { path: 'body.capacity', message: 'must be at least the number of confirmed reservations' },
        ]);
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

  /** Deletes a session and what depends on it, in one transaction, if it is still at `version`. */
  async function deleteSession(previous: SessionItem): Promise<void> {
    const { eventId } = previous;
    const items: TransactItem[] = [
      { Delete: { TableName: tableName, Key: sessionKey(eventId, previous.id), ...versionCondition({ version: previous.version }) } },
      { Delete: { TableName: tableName, Key: seatsKey(eventId, previous.id) } },
      ...trackCountChanges(eventId, previous.track, undefined),
    ];
    for (const speakerId of previous.speakerIds) {
      items.push(talkDelete(speakerId, previous), eventSpeakerCount(eventId, speakerId, -1));
    }
    try {
      await transact(items);
      await bumpRevision(eventId);
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        throw staleVersion('session');
      }
      throw error;
    }
  }

  /** Updates the speakers' names copied into a session (after a speaker changed), if the session is still at that version. */
  async function refreshSpeakerText(session: SessionItem, speakerText: string): Promise<void> {
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...session, speakerText },
          ...versionCondition({ version: session.version }),
        }),
      );
      await bumpRevision(session.eventId);
    } catch (error) {
      // A concurrent write of the session recomputed the text itself.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Access pattern: an event's catalogue revision, a number that grows with
   * every change to its sessions. Caches built from the sessions (the search
   * index, the exports) are valid while it stays the same.
   */
  async function getRevision(eventId: string): Promise<number> {
    // Eventually consistent (half the cost): a cache may serve a change's previous state for a moment.
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: revisionKey(eventId) }));
    return (Item?.revision as number | undefined) ?? 0;
  }

  /**
   * Not part of the write's transaction on purpose: every session write of an
   * event would otherwise contend for this one item. A crash between the two
   * leaves caches at most their maximum age behind.
   */
  async function bumpRevision(eventId: string): Promise<void> {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: revisionKey(eventId),
        UpdateExpression: 'ADD #revision :one',
        ExpressionAttributeNames: { '#revision': 'revision' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  /** Access pattern: all of an event's sessions in time order (the timeline index, page by page). */
  async function listAllSessions(eventId: string): Promise<SessionItem[]> {
    const sessions: SessionItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryPage<SessionItem>({
        indexName: 'timeline',
        partition: { name: 'timelinePk', value: sessionTimelinePk(eventId) },
        identity: ['all-sessions', eventId],
      }, { limit: 1000, cursor });
      sessions.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return sessions;
  }

  /**
   * The session's seat counter follows its capacity and status. A capacity
   * below the seats already confirmed is refused: no session may ever hold
   * more confirmed reservations than its capacity.
   */
  function seatsUpdate(session: SessionItem): TransactItem {
    const limited = session.capacity !== null;
    return {
      Update: {
        TableName: tableName,
        Key: seatsKey(session.eventId, session.id),
        UpdateExpression:
          'SET #capacity = :capacity, #status = :status, #taken = if_not_exists(#taken, :zero), #waitlisted = if_not_exists(#waitlisted, :zero), #entity = :entity',
        ...(limited ? { ConditionExpression: 'attribute_not_exists(#taken) OR #taken <= :capacity' } : {}),
        ExpressionAttributeNames: { '#capacity': 'capacity', '#status': 'status', '#taken': 'taken', '#waitlisted': 'waitlisted', '#entity': 'entity' },
        ExpressionAttributeValues: { ':capacity': session.capacity, ':status': session.status, ':zero': 0, ':entity': 'seats' },
      },
    };
  }

  /** +delta on a counter item that also carries its label (a track's name, a speaker's id). */
  function counterChange(key: { pk: string; sk: string }, label: [string, string], counter: string, entity: string, delta: number): TransactItem {
    return {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #label = :label, #entity = :entity ADD #counter :delta',
        ExpressionAttributeNames: { '#label': label[0], '#entity': 'entity', '#counter': counter },
        ExpressionAttributeValues: { ':label': label[1], ':entity': entity, ':delta': delta },
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
    listEventSpeakerIds,
    listTrackCounts,
    getSession,
    getSessions,
    listSessions,
    saveSession,
    deleteSession,
    refreshSpeakerText,
    getRevision,
    listAllSessions,
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
    endsAtUtc: session.endsAt ? toUtcKey(session.endsAt) : undefined,
  };
}
