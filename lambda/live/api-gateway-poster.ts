/**
 * Posts to a socket through API Gateway's connection management API
 * (POST {callback URL}/@connections/{id}), signed as execute-api: one signed
 * JSON call (lambda/aws/json-call.ts) instead of the
 * @aws-sdk/client-apigatewaymanagementapi client, whose client stack would
 * weigh on the stream consumer's bundle for this one call. A 410 means the
 * socket is gone (GoneException).
 */
import { AwsServiceError, postJson } from '../aws/json-call';
import type { ConnectionPoster } from './fan-out';

export function apiGatewayPoster(callbackUrl: string): ConnectionPoster {
  const base = callbackUrl.replace(/\/+$/, '');
  return {
    async post(connectionId, data) {
      try {
        await postJson('execute-api', new URL(`${base}/@connections/${encodeURIComponent(connectionId)}`), JSON.parse(data) as object);
        return 'sent';
      } catch (error) {
        if (error instanceof AwsServiceError && error.status === 410) return 'gone';
        throw error;
      }
    },
  };
}
