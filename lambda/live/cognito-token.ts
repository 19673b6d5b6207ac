/**
 * In AWS, the live channel checks an attendee's Cognito access token itself:
 * a WebSocket API has no JWT authorizer (only Lambda ones, on $connect), and
 * the token comes with a subscription, not the connection. aws-jwt-verify
 * (AWS's own, no dependencies) checks it as the HTTP API's authorizer does:
 * signature against the pool's JWKS (fetched once, cached), issuer, client,
 * expiry and `token_use`, then the scope the routes require.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { ACCESS_TOKEN_SCOPE } from '../api/routes';
import type { AttendeeTokenCheck } from './connections';

export function cognitoAttendeeCheck(userPoolId: string, clientId: string): AttendeeTokenCheck {
  const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'access', scope: ACCESS_TOKEN_SCOPE });
  return async (token) => {
    try {
      return (await verifier.verify(token)).sub;
    } catch {
      return undefined;
    }
  };
}
