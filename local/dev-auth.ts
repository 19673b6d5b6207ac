/**
 * Local stand-in for the two Cognito user pools and the HTTP API's JWT
 * authorizers. Tokens are shaped like Cognito access tokens and RS256-signed
 * with a development key kept in the data folder; each pool has its own
 * issuer and app client, as in AWS. They are checked with the authorizer's
 * rules: signature, the route's pool (issuer), its client (`aud` or
 * `client_id`), expiry, and the access-token scope. Claims are then handed
 * over the way API Gateway hands them to Lambda (arrays become strings such
 * as `[admin other]`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { ACCESS_TOKEN_SCOPE, type UserPoolName } from '../lambda/api/routes';
import { ADMIN_GROUP, organiserGroup, parseGroups } from '../lambda/api/caller';
import { liveTokenCheck, type LiveTokenCheck } from '../lambda/live/connections';

/** Each local pool's issuer and app client, standing in for the user pools of the stack. */
export const localPools: Record<UserPoolName, { issuer: string; clientId: string }> = {
  attendee: { issuer: 'urn:session-catalogue:local-attendees', clientId: 'session-catalogue-local' },
  staff: { issuer: 'urn:session-catalogue:local-staff', clientId: 'session-catalogue-local-staff' },
};

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TokenRequest {
  sub: string;
  /** In the group `admin` (a staff token). */
  admin?: boolean;
  /** Organiser of these events: the group `organiser:{eventId}` for each (a staff token). */
  organiserOf?: string[];
  /** More groups, as given. */
  groups?: string[];
  /** The pool that signs: staff when any group is asked for, else attendee. */
  pool?: UserPoolName;
  expiresIn?: string;
  /** Claims set as given, over all the above (undefined removes one): tests forge odd but validly signed tokens with it. */
  claims?: Record<string, unknown>;
}

export interface LocalAuth {
  sign(request: TokenRequest): Promise<string>;
  /** The claims as API Gateway passes them to Lambda, or undefined when the token is not acceptable on a route of this pool. */
  verify(token: string, pool: UserPoolName): Promise<Record<string, string> | undefined>;
}

/** Loads the development key from `keyFile`, creating it on first use; without a file, an in-memory key. */
export async function createLocalAuth(keyFile?: string): Promise<LocalAuth> {
  let privateKey: Key;
  let publicKey: Key;
  if (keyFile && existsSync(keyFile)) {
    const jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    privateKey = (await importJWK(jwk, 'RS256')) as Key;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    publicKey = (await importJWK(publicJwk, 'RS256')) as Key;
  } else {
    ({ privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true }));
    if (keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
    }
  }

  return {
    async sign({ sub, admin = false, organiserOf = [], groups = [], pool, expiresIn = '12h', claims = {} }) {
      const allGroups = [...(admin ? [ADMIN_GROUP] : []), ...organiserOf.map(organiserGroup), ...groups];
      const { issuer, clientId } = localPools[pool ?? (allGroups.length > 0 ? 'staff' : 'attendee')];
      // The claims of a Cognito access token (no `aud`: the client is `client_id`).
      const payload: Record<string, unknown> = {
        ...(allGroups.length > 0 ? { 'cognito:groups': allGroups } : {}),
        token_use: 'access',
        scope: ACCESS_TOKEN_SCOPE,
        client_id: clientId,
        username: sub,
        ...claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'local-dev' })
        .setSubject(sub)
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
    },
    async verify(token, pool) {
      const { issuer, clientId } = localPools[pool];
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, { issuer, algorithms: ['RS256'], requiredClaims: ['sub', 'exp'] }));
      } catch {
        return undefined;
      }
      // As the JWT authorizer: the client is `aud`, or `client_id` when there is no `aud`; then the route's scope.
      const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
      if (!audiences.includes(clientId)) return undefined;
      if (typeof payload.scope !== 'string' || !payload.scope.split(' ').includes(ACCESS_TOKEN_SCOPE)) return undefined;
      return Object.fromEntries(
        Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
      );
    },
  };
}

/** The live channel's token check (lambda/live/cognito-token.ts in AWS) against the local pools. */
export const localLiveTokenCheck = (auth: LocalAuth): LiveTokenCheck =>
  liveTokenCheck(async (token, pool) => {
    const claims = await auth.verify(token, pool);
    return claims && { sub: claims.sub!, groups: parseGroups(claims['cognito:groups']) };
  });
