/**
 * Webhook signing secrets are stored sealed, never in clear. In AWS a KMS key
 * seals them (./kms-sealer.ts): the API function may only encrypt, the
 * delivery function alone may decrypt. Locally an AES-256-GCM key kept beside
 * the data stands in for it. Either way the sealed secret is bound to its
 * webhook (the encryption context, or GCM's associated data), so a sealed
 * value copied onto another webhook does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Which webhook a secret belongs to; sealed and opened with the same context. */
export type SecretContext = Record<'purpose' | 'eventId' | 'webhookId', string>;

export interface SecretSealer {
  seal(secret: string, context: SecretContext): Promise<string>;
  open(sealed: string, context: SecretContext): Promise<string>;
}

export const secretContext = (eventId: string, webhookId: string): SecretContext => ({ purpose: 'webhook-secret', eventId, webhookId });

const associatedData = (context: SecretContext) => Buffer.from(JSON.stringify([context.purpose, context.eventId, context.webhookId]));

/** AES-256-GCM under a 32-byte key: base64 of IV (12) + tag (16) + ciphertext. */
export function aesGcmSealer(key: Buffer): SecretSealer {
  if (key.length !== 32) throw new Error('the webhook secret key must be 32 bytes');
  return {
    async seal(secret, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(associatedData(context));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
    },
    async open(sealed, context) {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(associatedData(context));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * Opened secrets, remembered by their sealed form (a rotation seals anew, so
 * nothing stale is served): one KMS call per secret and warm function, not
 * one per delivery.
 */
export function rememberOpened(sealer: SecretSealer, max = 1000): SecretSealer {
  const opened = new Map<string, string>();
  return {
    seal: (secret, context) => sealer.seal(secret, context),
    async open(sealed, context) {
      const key = `${JSON.stringify(context)}|${sealed}`;
      const known = opened.get(key);
      if (known !== undefined) return known;
      const secret = await sealer.open(sealed, context);
      if (opened.size >= max) opened.clear();
      opened.set(key, secret);
      return secret;
    },
  };
}
