/**
 * Standard Webhooks signatures (standardwebhooks.com): receivers verify with
 * the scheme's libraries in any language and reject replays by the
 * timestamp. The secret is `whsec_` + base64 of random bytes; the signature
 * is `v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`
 * under the decoded secret. While a rotated-out secret is still honoured,
 * a delivery carries one signature per secret, separated by spaces.
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes (the scheme allows 24 to 64). */
export const newSecret = () => `${PREFIX}${randomBytes(32).toString('base64')}`;

function signOne(secret: string, content: string): string {
  if (!secret.startsWith(PREFIX)) throw new Error('a webhook secret starts with whsec_');
  return `v1,${createHmac('sha256', Buffer.from(secret.slice(PREFIX.length), 'base64')).update(content).digest('base64')}`;
}

/** The three headers of a signed delivery. `timestamp` is in seconds, taken at each attempt. */
export function standardWebhookHeaders(secrets: readonly string[], id: string, timestamp: number, body: string): Record<string, string> {
  const content = `${id}.${timestamp}.${body}`;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signOne(secret, content)).join(' '),
  };
}
