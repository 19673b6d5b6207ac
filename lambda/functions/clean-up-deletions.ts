/**
 * Lambda entry: finishes the cleanup of deleted sessions, woken by the
 * table's stream (deletion records only) and by a schedule
 * (lambda/deletions/cleanup-handler.ts).
 */
import type { Context } from 'aws-lambda';
import { logger, startInvocation } from '../api/log';
import { createCleanupHandler } from '../deletions/cleanup-handler';
import { createDeletionStore } from '../store/deletion-store';
import { tableFromEnvironment } from './environment';

const { doc, tableName } = tableFromEnvironment();
const deletions = createDeletionStore(doc, tableName);

const cleanUp = createCleanupHandler(deletions, {
  marginMs: 2500,
  stalledAfterMs: 5 * 60_000,
  log: (message, { error, ...details }) => (error ? logger().error(message, { ...details, error: error as Error }) : logger().info(message, details)),
});

export const handler = async (event: Parameters<typeof cleanUp>[0], context: Context) => {
  startInvocation(context);
  return cleanUp(event, context);
};
