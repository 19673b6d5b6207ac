/**
 * Lambda entry: the live channel's WebSocket routes ($connect, $disconnect,
 * subscribe, $default) behind API Gateway (lambda/live/connections.ts).
 */
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { logger, startInvocation } from '../api/log';
import { createLiveHandler } from '../live/connections';
import { cognitoLiveTokenCheck } from '../live/cognito-token';
import { createLiveStore } from '../store/live-store';
import { tableFromEnvironment } from './environment';

const { doc, tableName } = tableFromEnvironment();
const handle = createLiveHandler(
  createLiveStore(doc, tableName),
  cognitoLiveTokenCheck({
    attendee: { userPoolId: process.env.ATTENDEE_USER_POOL_ID!, clientId: process.env.ATTENDEE_CLIENT_ID! },
    staff: { userPoolId: process.env.STAFF_USER_POOL_ID!, clientId: process.env.STAFF_CLIENT_ID! },
  }),
);

export const handler = async (event: APIGatewayProxyWebsocketEventV2, context?: Context) => {
  startInvocation(context);
  try {
    return await handle(event);
  } catch (error) {
    logger().error('live route failed', { error: error as Error, routeKey: event.requestContext.routeKey });
    return { statusCode: 500, body: JSON.stringify({ type: 'error', detail: 'Internal server error' }) };
  }
};
