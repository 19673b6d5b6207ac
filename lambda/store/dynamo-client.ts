/**
 * The DynamoDB document client. In AWS it talks to the regional endpoint
 * with the function's role; locally DYNAMODB_ENDPOINT points it at DynamoDB
 * Local. Tests may pass their own request handler to inject faults below the
 * SDK's retry layer, and a logger to see each request.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'local',
          // DynamoDB Local accepts any credentials; real ones are never needed for it.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          // One local process serves every request (a Lambda serves one at a time): allow a burst's worth of sockets.
          requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 } },
        }
      : {}),
    maxAttempts: 4,
    ...config,
  });
  // The SDK's logger step copies every request and answer (sensitive fields masked) for the client's
  // logger even when there is none to write them: for a page of sessions, a walk of all of it, per request.
  if (!config.logger) client.middlewareStack.remove('loggerMiddleware');
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
