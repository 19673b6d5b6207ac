/**
 * Stamps the event's default language on its sessions stored before
 * languages (lambda/catalogue/stamp-languages.ts; docs/data-model.md,
 * "Languages"). Against the table that DYNAMODB_ENDPOINT (DynamoDB Local)
 * or the AWS environment names, TABLE_NAME (default session-catalogue):
 *
 *   TABLE_NAME=… npx tsx scripts/stamp-session-languages.ts <eventId>…
 *
 * Safe to run again, and beside live traffic: each stamp is conditional on
 * the version it read and on there being none yet.
 */
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { createCatalogueStore } from '../lambda/store/catalogue-store';
import { createCursors } from '../lambda/store/cursor';
import { stampSessionLanguages } from '../lambda/catalogue/stamp-languages';
import { randomBytes } from 'node:crypto';

const eventIds = process.argv.slice(2);
if (eventIds.length === 0) {
  console.error('usage: npx tsx scripts/stamp-session-languages.ts <eventId>…');
  process.exit(2);
}
// Cursors are not used here (no list is paged for a client): any key will do.
const store = createCatalogueStore(createDocumentClient(), process.env.TABLE_NAME ?? 'session-catalogue', createCursors(randomBytes(32)));
for (const eventId of eventIds) {
  const { stamped, skipped } = await stampSessionLanguages(store, eventId);
  console.log(`${eventId}: ${stamped} sessions stamped${skipped ? `, ${skipped} changed meanwhile (a write stamps them)` : ''}`);
}
