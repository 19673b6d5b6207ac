/**
 * The local stand-in for the no-show release's schedule (every minute in
 * AWS, lambda/functions/release-no-shows.ts): at start and every minute,
 * the seats of sessions past their `releaseUncheckedAfterMinutes` deadline
 * that nobody checked in go to the waitlist (lambda/attendance/no-shows.ts).
 */
import { sweepNoShows } from '../lambda/attendance/no-shows';
import { createNoShowLists } from '../lambda/store/no-show-lists';
import type { Stores } from '../lambda/store/stores';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startSchedule } from './schedule';

export function startNoShowSweeper(stores: Stores, doc: DynamoDBDocumentClient, tableName: string, options: { intervalMs?: number; log: (line: string) => void }) {
  const { intervalMs = 60_000, log } = options;
  const lists = createNoShowLists(doc, tableName);
  return startSchedule(
    intervalMs,
    async () => {
      const { released } = await sweepNoShows(stores, lists, new Date());
      if (released > 0) log(`no-shows: ${released} seats nobody checked in went to the waitlist`);
    },
    (error) => log(`no-shows: the release failed (${error.message}); the next one tries again`),
  );
}
