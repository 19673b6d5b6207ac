/**
 * Access patterns that list an event's sessions: by key, filtered in time
 * order (the timeline indexes), or all of them (what caches are built from).
 * The key design is in ./keys.ts and docs/data-model.md.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionListQuery } from '../domain/schemas';
import { sessionStatuses, sessionTypes } from '../domain/vocabulary';
import { dayRange, toUtcKey } from '../domain/time';
import { matchesFilters } from '../domain/session-filters';
import type { SessionItem } from './catalogue-store';
import { getItems } from './item-reads';
import { sessionKey, sessionKindPk, sessionRoomPk, sessionTimelinePk, sessionTrackPk, speakerPartition, UNSCHEDULED_PREFIX } from './keys';
import { createQueryPage, type Page, type PageRequest } from './query-page';
import { createMergedQueryPage } from './merged-query-page';
import type { Cursors } from './cursor';
import type { IndexName } from './table-definition';

export function createSessionLists(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);
  const mergedQueryPage = createMergedQueryPage(queryPage, cursors);

  /** Access pattern: several sessions by key (BatchGetItem), in the order asked. */
  async function getSessions(refs: readonly { eventId: string; sessionId: string }[]): Promise<SessionItem[]> {
    const found = await getItems<SessionItem>(doc, tableName, refs.map((r) => sessionKey(r.eventId, r.sessionId)));
    return found.filter((s): s is SessionItem => s !== undefined);
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

  /**
   * Access pattern: an event's sessions in time order, filtered. The most
   * selective key goes first: a track or a room has its own index (several
   * tracks or rooms: one partition each), then a type or a status
   * (kindTimeline: the partitions of the types and statuses asked for), and
   * a day (or the day of `at`) is a key range on the time-ordered sort key;
   * several partitions are merged in time order. Filters with no key of their
   * own (level, `at`'s end; type and status within a track or room) are
   * filter expressions on that narrowed range.
   */
  /** `types`: the event's session formats, whose partitions a status filter without a type reads. */
  async function listSessions(eventId: string, timeZone: string, query: SessionListQuery, types: readonly string[] = sessionTypes): Promise<Page<SessionItem>> {
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
    /** A filter on an attribute with no key of its own: `#a = :a0`, or `#a IN (:a0, :a1, …)` for several values. */
    const anyOf = (attribute: string, options: readonly string[] | undefined) => {
      if (options === undefined) return;
      names[`#${attribute}`] = attribute;
      const placeholders = options.map((value, i) => {
        values[`:${attribute}${i}`] = value;
        return `:${attribute}${i}`;
      });
      conditions.push(placeholders.length === 1 ? `#${attribute} = ${placeholders[0]}` : `#${attribute} IN (${placeholders.join(', ')})`);
    };
    const status = query.status === undefined ? undefined : [query.status];

    let indexName: IndexName = 'timeline';
    let partitions = { name: 'timelinePk', values: [sessionTimelinePk(eventId)] };
    if (query.track !== undefined) {
      indexName = 'trackTimeline';
      partitions = { name: 'trackPk', values: query.track.map((track) => sessionTrackPk(eventId, track)) };
      anyOf('room', query.room);
    } else if (query.room !== undefined) {
      indexName = 'roomTimeline';
      partitions = { name: 'roomPk', values: query.room.map((room) => sessionRoomPk(eventId, room)) };
    }
    if (indexName !== 'timeline' || (query.type === undefined && status === undefined)) {
      anyOf('type', query.type);
      anyOf('status', status);
    } else {
      indexName = 'kindTimeline';
      const kinds = query.type ?? types;
      const statuses = status ?? sessionStatuses;
      partitions = { name: 'kindPk', values: kinds.flatMap((type) => statuses.map((status) => sessionKindPk(eventId, type, status))) };
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

    anyOf('level', query.level);
    return mergedQueryPage<SessionItem>({
      indexName,
      partitions,
      ...(slotRange ? { sortKey: { name: 'timelineSk', ...slotRange } } : {}),
      ...(conditions.length > 0 ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
      identity: ['sessions', eventId],
    }, query);
  }

  /** A page of an event's sessions in time order, unfiltered (the timeline index); `list` names the list its cursors belong to. */
  const timelinePage = (eventId: string, list: string, page: PageRequest) =>
    queryPage<SessionItem>({
      indexName: 'timeline',
      partition: { name: 'timelinePk', value: sessionTimelinePk(eventId) },
      identity: [list, eventId],
    }, page);

  /** Access pattern: all of an event's sessions in time order (the timeline index, page by page). */
  async function listAllSessions(eventId: string): Promise<SessionItem[]> {
    const sessions: SessionItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await timelinePage(eventId, 'all-sessions', { limit: 1000, cursor });
      sessions.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return sessions;
  }

  /** Access pattern: a page of an event's sessions for organisers' check-in counts, with cursors of its own (not a session list's). */
  async function listSessionsToCount(eventId: string, page: PageRequest): Promise<Page<SessionItem>> {
    const { items, nextCursor } = await timelinePage(eventId, 'check-in-counts', page);
    return { items, nextCursor };
  }

  return { getSessions, listSessions, listAllSessions, listSessionsToCount };
}
