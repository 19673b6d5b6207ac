/**
 * Sign-in against a Cognito user pool with plain fetch calls to its
 * public API (InitiateAuth with USER_PASSWORD_AUTH, which the app client
 * allows), so the page needs no SDK. A challenge (an MFA code, a new
 * password at first sign-in) is answered with RespondToAuthChallenge. The
 * API takes access tokens only, so that is the token kept.
 */
export type CognitoResult = { token: string } | { challenge: string; session: string };

/** The one extra answer each supported challenge needs. */
export const challengeAnswers: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  NEW_PASSWORD_REQUIRED: 'NEW_PASSWORD',
};

class CognitoError extends Error {}

async function call(region: string, action: string, body: unknown): Promise<CognitoResult> {
  const response = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const result = (await response.json().catch(() => ({}))) as {
    message?: string;
    __type?: string;
    AuthenticationResult?: { AccessToken?: string };
    ChallengeName?: string;
    Session?: string;
  };
  if (!response.ok) throw new CognitoError(result.message ?? result.__type ?? `Cognito answered ${response.status}`);
  if (result.AuthenticationResult?.AccessToken) return { token: result.AuthenticationResult.AccessToken };
  if (result.ChallengeName && result.Session) return { challenge: result.ChallengeName, session: result.Session };
  throw new CognitoError('Cognito gave no token');
}

export const initiateAuth = (region: string, clientId: string, username: string, password: string) =>
  call(region, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } });

export const respondToChallenge = (region: string, clientId: string, challenge: string, session: string, username: string, answer: string) =>
  call(region, 'RespondToAuthChallenge', {
    ChallengeName: challenge,
    ClientId: clientId,
    Session: session,
    ChallengeResponses: { USERNAME: username, [challengeAnswers[challenge]!]: answer },
  });
