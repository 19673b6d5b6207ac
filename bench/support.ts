/** What every benchmark needs: DynamoDB Local, the local API on it, tokens, and latency statistics. */
import { randomBytes } from 'node:crypto';
import { startDynamoDbLocal, type DynamoDbLocal } from '../local/dynamodb-local';
import { ensureTable } from '../local/create-table';
import { createLocalAuth, type LocalAuth } from '../local/dev-auth';
import { startLocalApiOnFreePort } from '../local/server';
import { freePort } from '../test/support/ports';
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { createStores } from '../lambda/store/stores';
import { aesGcmSealer } from '../lambda/webhooks/secret-sealer';
import { ATTEMPT_TIMEOUT_MS, type WebhookSetup } from '../lambda/webhooks/setup';

/** Benchmarks subscribe no webhook; should one try, no name resolves and nothing is sent. */
const noWebhooks: WebhookSetup = {
  receivers: { resolve: () => Promise.reject(new Error('benchmarks resolve no names')) },
  secrets: aesGcmSealer(randomBytes(32)),
  attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
};

export interface BenchEnv {
  baseUrl: string;
  tableName: string;
  auth: LocalAuth;
  adminToken: string;
  dynamo: DynamoDbLocal;
  close(): Promise<void>;
}

export async function startBenchEnv(): Promise<BenchEnv> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  const doc = createDocumentClient();
  const tableName = 'bench-catalogue';
  await ensureTable(doc, tableName);
  const auth = await createLocalAuth();
  const { server, baseUrl } = await startLocalApiOnFreePort(() => createStores(doc, tableName), auth, { webhooks: noWebhooks });
  return {
    baseUrl,
    tableName,
    auth,
    adminToken: await auth.sign({ sub: 'bench-admin', admin: true }),
    dynamo,
    async close() {
      server.closeAllConnections();
      server.close();
      doc.destroy();
      await dynamo.stop();
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
