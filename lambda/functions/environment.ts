/** What a function reads from its environment, once per cold start. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { HandlerSettings } from '../api/handler';
import { createDocumentClient } from '../store/dynamo-client';
import { createStores } from '../store/stores';
import { kmsSealer } from '../webhooks/kms-sealer';
import { systemResolve } from '../webhooks/receiver-guard';
import { rememberOpened } from '../webhooks/secret-sealer';
import { ATTEMPT_TIMEOUT_MS, type WebhookSetup } from '../webhooks/setup';

// One Secrets Manager client per cold start, shared by the reads below (made only by functions that read a secret).
let secretsClient: SecretsManagerClient | undefined;

function readSecret(secretId: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
  secretsClient ??= new SecretsManagerClient({});
  return secretsClient.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage })).then(({ SecretString }) => SecretString);
}

function checkedSecret(name: string, value: string | undefined): string {
  if (!value || value.length < 32) throw new Error(`the ${name} secret is missing or shorter than 32 characters`);
  return value;
}

/**
 * The deployment's cursor secret (a Secrets Manager secret the stack makes),
 * for the functions that hand cursors to clients: the stack gives only those
 * CURSOR_SECRET_ARN and the right to read it. The others page only within
 * one call, where a key of their own suffices.
 */
async function cursorKey(): Promise<Uint8Array | undefined> {
  const secretId = process.env.CURSOR_SECRET_ARN;
  if (!secretId) return undefined;
  return Buffer.from(checkedSecret('cursor', await readSecret(secretId, 'AWSCURRENT')), 'utf8');
}

export async function storesFromEnvironment() {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createStores(createDocumentClient(), tableName, await cursorKey());
}

/** In AWS: public https receivers only, secrets sealed by the stack's KMS key (WEBHOOK_SECRET_KEY_ID). */
export function webhookSetupFromEnvironment(): WebhookSetup {
  const keyId = process.env.WEBHOOK_SECRET_KEY_ID;
  if (!keyId) throw new Error('WEBHOOK_SECRET_KEY_ID is not set');
  return { receivers: { resolve: systemResolve }, secrets: rememberOpened(kmsSealer(keyId)), attemptTimeoutMs: ATTEMPT_TIMEOUT_MS };
}

/**
 * The origin secret CloudFront sends (ORIGIN_SECRET_ARN): its current value
 * and, after a rotation, the previous one, so that no request is refused
 * while CloudFront changes over (README, "The origin secret").
 */
async function originSecrets(): Promise<string[]> {
  const secretId = process.env.ORIGIN_SECRET_ARN;
  if (!secretId) throw new Error('ORIGIN_SECRET_ARN is not set');
  const [current, previous] = await Promise.all([
    readSecret(secretId, 'AWSCURRENT'),
    // A secret never rotated has no previous version.
    readSecret(secretId, 'AWSPREVIOUS').catch((error: unknown) => ((error as Error).name === 'ResourceNotFoundException' ? undefined : Promise.reject(error))),
  ]);
  return previous ? [checkedSecret('origin', current), previous] : [checkedSecret('origin', current)];
}

/** PUBLIC_BASE_URL: the stack sets it from the CloudFront (or custom) domain; without it no URL can be printed. */
async function handlerSettingsFromEnvironment(): Promise<HandlerSettings> {
  const publicBaseUrl = process.env.PUBLIC_BASE_URL;
  if (!publicBaseUrl) throw new Error('PUBLIC_BASE_URL is not set');
  return { publicBaseUrl, originSecrets: await originSecrets() };
}

/** What an API function starts with; its secrets (cursor key, origin secret) are read side by side, one round trip on a cold start. */
export async function apiFunctionEnvironment() {
  const [stores, settings] = await Promise.all([storesFromEnvironment(), handlerSettingsFromEnvironment()]);
  return { stores, settings };
}
