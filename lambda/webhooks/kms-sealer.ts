/**
 * Webhook secrets sealed by a KMS key of the stack (lib/catalogue-stack.ts).
 * The encryption context names the webhook; the key's grants require its
 * `purpose`, so the key seals nothing else. Called with a signed request of
 * our own (lambda/aws/json-call.ts): blobs travel as base64 in the JSON.
 */
import { callAws, type JsonService } from '../aws/json-call';
import type { SecretSealer } from './secret-sealer';

const KMS: JsonService = { name: 'kms', target: 'TrentService', version: '1.1', serviceId: 'KMS' };

export function kmsSealer(keyId: string): SecretSealer {
  return {
    async seal(secret, context) {
      const plaintext = Buffer.from(secret, 'utf8').toString('base64');
      const { CiphertextBlob } = await callAws<{ CiphertextBlob: string }>(KMS, 'Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
      return CiphertextBlob;
    },
    async open(sealed, context) {
      const { Plaintext } = await callAws<{ Plaintext: string }>(KMS, 'Decrypt', { KeyId: keyId, CiphertextBlob: sealed, EncryptionContext: context });
      return Buffer.from(Plaintext, 'base64').toString('utf8');
    },
  };
}
