/**
 * In AWS, the live channel checks a Cognito access token itself: a WebSocket
 * API has no JWT authorizer (only Lambda ones, on $connect), and the token
 * comes with a subscription, not the connection. aws-jwt-verify (AWS's own,
 * no dependencies) checks it as the HTTP API's authorizers do: signature
 * against the pool's JWKS (fetched once, cached), issuer, client, expiry and
 * `token_use`, then the scope the routes require; first as an attendee's,
 * then as a staff member's (whose groups say which events they organise).
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { ACCESS_TOKEN_SCOPE, type UserPoolName } from '../api/routes';
import { liveTokenCheck, type LiveTokenCheck } from './connections';

export function cognitoLiveTokenCheck(pools: Record<UserPoolName, { userPoolId: string; clientId: string }>): LiveTokenCheck {
  const verifiers = {
    attendee: CognitoJwtVerifier.create({ ...pools.attendee, tokenUse: 'access', scope: ACCESS_TOKEN_SCOPE }),
    staff: CognitoJwtVerifier.create({ ...pools.staff, tokenUse: 'access', scope: ACCESS_TOKEN_SCOPE }),
  };
  return liveTokenCheck(async (token, pool) => {
    const claims = await verifiers[pool].verify(token).catch(() => undefined);
    return claims && { sub: claims.sub, groups: claims['cognito:groups'] ?? [] };
  });
}
