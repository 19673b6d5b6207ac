/**
 * Lambda entry: releases the seats of sessions with
 * `releaseUncheckedAfterMinutes` that nobody checked in by their deadline,
 * run every minute by a schedule (lambda/attendance/no-shows.ts).
 */
import { logger } from '../api/log';
import { sweepNoShows } from '../attendance/no-shows';
import { createNoShowLists } from '../store/no-show-lists';
import { createStores } from '../store/stores';
import { tableFromEnvironment } from './environment';

const { doc, tableName } = tableFromEnvironment();
// It hands no cursor to anyone: a key of its own process is enough.
const stores = createStores(doc, tableName);
const lists = createNoShowLists(doc, tableName);

export const handler = async (): Promise<void> => {
  const swept = await sweepNoShows(stores, lists, new Date());
  if (swept.released > 0) logger().info('released seats nobody checked in', swept);
};
