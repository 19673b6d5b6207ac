/**
 * The smallest API function there can be: the shared handler (the route
 * table, callers from the JWT claims, problem documents, the access log and
 * metrics) reading its secrets as every API function does, serving one route
 * with one GetCommand. bench/bundles.ts measures it as the floor of an API
 * function: what any of them holds before its own operations.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHandler } from '../lambda/api/handler';
import { json } from '../lambda/api/http';
import { apiFunctionEnvironment } from '../lambda/functions/api-environment';

const { doc, tableName, settings } = await apiFunctionEnvironment();
export const handler = createHandler(
  {
    async getSession(request) {
      const { eventId, sessionId } = request.pathParameters as { eventId: string; sessionId: string };
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `EVENT#${eventId}`, sk: `SESSION#${sessionId}` }, ConsistentRead: true }));
      return json(200, Item ?? {});
    },
  },
  settings,
);
