/**
 * Webhook secrets sealed by a KMS key of the stack (lib/catalogue-stack.ts).
 * The encryption context names the webhook; the key's grants require its
 * `purpose`, so the key seals nothing else.
 */
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import type { SecretSealer } from './secret-sealer';

export function kmsSealer(keyId: string, client = new KMSClient({})): SecretSealer {
  return {
    async seal(secret, context) {
      const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(secret, 'utf8'), EncryptionContext: context }));
      return Buffer.from(CiphertextBlob!).toString('base64');
    },
    async open(sealed, context) {
      const { Plaintext } = await client.send(
        new DecryptCommand({ KeyId: keyId, CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: context }),
      );
      return Buffer.from(Plaintext!).toString('utf8');
    },
  };
}
