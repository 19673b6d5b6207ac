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
import { organises } from '../api/caller';
import type { LiveTokenCheck } from './connections';

export function cognitoLiveTokenCheck(pools: Record<UserPoolName, { userPoolId: string; clientId: string }>): LiveTokenCheck {
  const [attendee, staff] = (['attendee', 'staff'] as const).map((pool) =>
    CognitoJwtVerifier.create({ userPoolId: pools[pool].userPoolId, clientId: pools[pool].clientId, tokenUse: 'access', scope: ACCESS_TOKEN_SCOPE }),
  );
  return async (token) => {
    const attendeeClaims = await attendee!.verify(token).catch(() => undefined);
    if (attendeeClaims) return { attendeeId: attendeeClaims.sub };
    const staffClaims = await staff!.verify(token).catch(() => undefined);
    if (!staffClaims) return undefined;
    const caller = { sub: staffClaims.sub, groups: staffClaims['cognito:groups'] ?? [] };
    return { organises: (eventId) => organises(caller, eventId) };
  };
}
