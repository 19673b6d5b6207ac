/**
 * Access pattern: one session with its seat state, the whole of what
 * GET /events/{e}/sessions/{s} answers (the session item carries its
 * speakers' profiles), in one strongly consistent BatchGetItem:
 * `EVENT#{e}` / `SESSION#{s}` and its shard 0 counter `EVENT#{e}#SESSION#{s}` /
 * `SEATS`. A session whose seats are split over several shards says so
 * (`seatShards`): its other counters are read in a second BatchGetItem.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionItem } from './catalogue-store';
import { getItems } from './item-reads';
import { sessionKey, type Key } from './keys';
import { addUpSeatState, seatStateKeys, type Seats } from './seat-counters';

export function createSessionAndSeats(doc: DynamoDBDocumentClient, tableName: string) {
  return async function getSessionAndSeats(eventId: string, sessionId: string): Promise<{ session: SessionItem | undefined; seats: Seats | undefined }> {
    const [first] = seatStateKeys({ eventId, id: sessionId });
    const [item, counter] = await getItems<Key & Record<string, unknown>>(doc, tableName, [sessionKey(eventId, sessionId), first!], true);
    const session = item as SessionItem | undefined;
    const others = session ? seatStateKeys(session).slice(1) : [];
    const rest = others.length > 0 ? await getItems<Key & Record<string, unknown>>(doc, tableName, others, true) : [];
    return { session, seats: addUpSeatState([counter, ...rest]) };
  };
}
