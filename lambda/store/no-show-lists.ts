/**
 * Access patterns of the no-show release (docs/reservations.md, "No-shows"):
 * the events running around a day, and an event's sessions that release
 * unchecked seats and started in a time range. Both are key ranges of the
 * `timeline` index, never a Scan.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogueEvent } from '../domain/schemas';
import type { SessionItem } from './catalogue-store';
import { EVENTS_TIMELINE, sessionTimelinePk } from './keys';
import { queryAll } from './query-page';

export function createNoShowLists(doc: DynamoDBDocumentClient, tableName: string) {
  /** Access pattern: events whose first day is in [fromDay, toDay] (Query `timeline`, `timelinePk = EVENTS`, a `timelineSk` range). */
  async function eventsStartingBetween(fromDay: string, toDay: string): Promise<CatalogueEvent[]> {
    return queryAll<CatalogueEvent>(doc, {
      TableName: tableName,
      IndexName: 'timeline',
      KeyConditionExpression: 'timelinePk = :pk AND timelineSk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': EVENTS_TIMELINE, ':from': fromDay, ':to': `${toDay}~` },
    });
  }

  /**
   * Access pattern: an event's scheduled sessions that release unchecked
   * seats, started in [fromUtc, toUtc] (Query `timeline`, a `timelineSk`
   * range, the rest as a filter).
   */
  async function sessionsReleasingNoShows(eventId: string, fromUtc: string, toUtc: string): Promise<SessionItem[]> {
    return queryAll<SessionItem>(doc, {
      TableName: tableName,
      IndexName: 'timeline',
      KeyConditionExpression: 'timelinePk = :pk AND timelineSk BETWEEN :from AND :to',
      FilterExpression: 'attribute_exists(releaseUncheckedAfterMinutes) AND #status = :scheduled',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': sessionTimelinePk(eventId), ':from': fromUtc, ':to': `${toUtc}~`, ':scheduled': 'scheduled' },
    });
  }

  return { eventsStartingBetween, sessionsReleasingNoShows };
}

export type NoShowLists = ReturnType<typeof createNoShowLists>;
