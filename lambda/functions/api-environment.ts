/**
 * What a function behind the API starts with: its stores and handler
 * settings, with the secrets they need from Secrets Manager (the origin
 * secret; the cursor key for the functions that page lists), read with a
 * signed call of their own (lambda/aws/json-call.ts), not the Secrets
 * Manager client: no second SDK client is set up in their cold start.
 */
import type { HandlerSettings } from '../api/handler';
import { callAws, type JsonService } from '../aws/json-call';
import { randomBytes } from 'node:crypto';
import { createCursors } from '../store/cursor';
import { tableFromEnvironment } from './environment';

const SECRETS_MANAGER: JsonService = { name: 'secretsmanager', target: 'secretsmanager', version: '1.1', serviceId: 'Secrets Manager' };

/** GetSecretValue: a secret's value at a stage. */
async function readSecret(secretId: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
  const { SecretString } = await callAws<{ SecretString?: string }>(SECRETS_MANAGER, 'GetSecretValue', { SecretId: secretId, VersionStage: stage });
  return SecretString;
}

function checkedSecret(name: string, value: string | undefined): string {
  if (!value || value.length < 32) throw new Error(`the ${name} secret is missing or shorter than 32 characters`);
  return value;
}

/**
 * The deployment's cursor secret (a Secrets Manager secret the stack makes),
 * for the functions that hand cursors to clients: the stack gives only those
 * CURSOR_SECRET_ARN and the right to read it.
 */
async function cursorKey(): Promise<Uint8Array | undefined> {
  const secretId = process.env.CURSOR_SECRET_ARN;
  if (!secretId) return undefined;
  return Buffer.from(checkedSecret('cursor', await readSecret(secretId, 'AWSCURRENT')), 'utf8');
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

/**
 * Its table and secrets (cursor key, origin secret), read side by side, one
 * round trip on a cold start. The function makes the stores it uses from
 * them, and only those (CatalogueReadStores etc. in lambda/store/stores.ts).
 * Without the deployment's cursor key, a key of this instance: such a
 * function pages lists only within one call.
 */
export async function apiFunctionEnvironment() {
  const [key = randomBytes(32), settings] = await Promise.all([cursorKey(), handlerSettingsFromEnvironment()]);
  return { ...tableFromEnvironment(), cursorKey: key, cursors: createCursors(key), settings };
}
