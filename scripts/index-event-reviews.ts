/**
 * Puts the reviews stored before the event's moderation list into it
 * (lambda/engagement/index-event-reviews.ts; docs/data-model.md, "Reviews
 * stored before the event's list"). Against the table that DYNAMODB_ENDPOINT
 * (DynamoDB Local) or the AWS environment names, TABLE_NAME (default
 * session-catalogue):
 *
 *   TABLE_NAME=… npx tsx scripts/index-event-reviews.ts <eventId>…
 *
 * Safe to run again, and beside live traffic.
 */
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { createStores } from '../lambda/store/stores';
import { indexEventReviews } from '../lambda/engagement/index-event-reviews';

const eventIds = process.argv.slice(2);
if (eventIds.length === 0) {
  console.error('usage: npx tsx scripts/index-event-reviews.ts <eventId>…');
  process.exit(2);
}
// Cursors are not used here (no list is paged for a client): any key will do.
const { catalogue, engagement } = createStores(createDocumentClient(), process.env.TABLE_NAME ?? 'session-catalogue', randomBytes(32));
for (const eventId of eventIds) {
  const { indexed, skipped } = await indexEventReviews(catalogue, engagement, eventId);
  console.log(`${eventId}: ${indexed} reviews added to the event's list${skipped ? `, ${skipped} changed meanwhile (a write since gives them the key)` : ''}`);
}
