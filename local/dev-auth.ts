/**
 * Local stand-in for Cognito and the HTTP API's JWT authorizer. Tokens are
 * RS256-signed with a development key kept in the data folder, and checked
 * with the authorizer's rules: signature, issuer, audience, expiry. Claims
 * are then handed over the way API Gateway hands them to Lambda (arrays
 * become strings such as `[admin other]`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

export const LOCAL_ISSUER = 'urn:session-catalogue:local-issuer';
export const LOCAL_AUDIENCE = 'session-catalogue-local';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface LocalAuth {
  sign(claims: { sub: string; admin?: boolean; expiresIn?: string; groups?: string[] }): Promise<string>;
  /** The claims as API Gateway passes them to Lambda, or undefined when the token is not acceptable. */
  verify(token: string): Promise<Record<string, string> | undefined>;
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
    async sign({ sub, admin = false, expiresIn = '12h', groups = [] }) {
      const allGroups = admin ? ['admin', ...groups] : groups;
      return new SignJWT({ ...(allGroups.length > 0 ? { 'cognito:groups': allGroups } : {}), token_use: 'id' })
        .setProtectedHeader({ alg: 'RS256', kid: 'local-dev' })
        .setSubject(sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
    },
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp'],
        }));
      } catch {
        return undefined;
      }
      return Object.fromEntries(
        Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
      );
    },
  };
}
