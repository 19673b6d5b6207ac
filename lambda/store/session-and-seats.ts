/**
 * Access pattern: one session with its seat counter, the whole of what
 * GET /events/{e}/sessions/{s} answers (the session item carries its
 * speakers' profiles), in one strongly consistent BatchGetItem of two items:
 * `EVENT#{e}` / `SESSION#{s}` and `EVENT#{e}#SESSION#{s}` / `SEATS`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionItem } from './catalogue-store';
import type { Seats } from './attendance-store';
import { getItems } from './item-reads';
import { seatsKey, sessionKey, type Key } from './keys';

export function createSessionAndSeats(doc: DynamoDBDocumentClient, tableName: string) {
  return async function getSessionAndSeats(eventId: string, sessionId: string): Promise<{ session: SessionItem | undefined; seats: Seats | undefined }> {
    const [session, seats] = await getItems<Key & Record<string, unknown>>(doc, tableName, [sessionKey(eventId, sessionId), seatsKey(eventId, sessionId)], true);
    return { session: session as SessionItem | undefined, seats: seats as Seats | undefined };
  };
}
