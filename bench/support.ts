/** What every benchmark needs: DynamoDB Local, the local API on it, tokens, and latency statistics. */
import { randomBytes } from 'node:crypto';
import { startDynamoDbLocal, type DynamoDbLocal } from '../local/dynamodb-local';
import { ensureTable } from '../local/create-table';
import { createLocalAuth, type LocalAuth } from '../local/dev-auth';
import { startLocalApiOnFreePort } from '../local/server';
import { createLocalImportRunner } from '../local/import-runner';
import { freePort } from '../test/support/ports';
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { createStores, type Stores } from '../lambda/store/stores';
import { aesGcmSealer } from '../lambda/webhooks/secret-sealer';
import { ATTEMPT_TIMEOUT_MS, type WebhookSetup } from '../lambda/webhooks/setup';
import { progress } from '../local/progress';
import { forEachLimited } from '../lambda/domain/limited';

/**
 * Progress on stderr, so that stdout keeps only the numbers: each section as
 * it starts and ends with its time (bench/run.ts), and steps inside the long
 * ones, each line with the time since the bench began.
 */
export const benchProgress = progress((line) => process.stderr.write(`${line}\n`));

/** Benchmarks subscribe no webhook; should one try, no name resolves and nothing is sent. */
export const noWebhooks: WebhookSetup = {
  receivers: { resolve: () => Promise.reject(new Error('benchmarks resolve no names')) },
  secrets: aesGcmSealer(randomBytes(32)),
  attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
};

export interface BenchEnv {
  baseUrl: string;
  tableName: string;
  /** What the local API serves from: a handler made over them in the bench's process runs as a Lambda would, on the same table. */
  stores: Stores;
  auth: LocalAuth;
  adminToken: string;
  dynamo: DynamoDbLocal;
  close(): Promise<void>;
}

export async function startBenchEnv(): Promise<BenchEnv> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
  // As under npm start: metric lines mean something only to CloudWatch (their cost per request is in docs/operations.md).
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  const doc = createDocumentClient();
  const tableName = 'bench-catalogue';
  await ensureTable(doc, tableName);
  const auth = await createLocalAuth();
  const stores = createStores(doc, tableName);
  const { server, baseUrl } = await startLocalApiOnFreePort(() => stores, auth, { webhooks: noWebhooks, imports: createLocalImportRunner(stores) });
  return {
    baseUrl,
    tableName,
    stores,
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

export const median = (samples: readonly number[]) => percentile([...samples].sort((a, b) => a - b), 50);

/** A row of the summary table `npm run bench` ends with: a goal of issue 12, what was measured, and whether it held. */
export interface GoalRow {
  goal: string;
  target: string;
  measured: string;
  /** Undefined: not measured in this run. */
  held: boolean | undefined;
}

/** A ratio goal from several runs' ratios: the median is what is judged; every run's is shown. */
export function ratioRow(goal: string, target: number, ratios: readonly number[]): GoalRow {
  const judged = median(ratios);
  return { goal, target: `≤ ${target}×`, measured: `${judged.toFixed(2)}× (runs: ${ratios.map((r) => r.toFixed(2)).join(', ')})`, held: judged <= target };
}

/**
 * Times `a` and `b` in turn (A B A B …), `pairs` times per run, for `runs`
 * runs: each run's ratio is of medians (p50 of A over p50 of B). Returns
 * those ratios and every sample of each side.
 */
export async function interleaved(runs: number, pairs: number, a: () => Promise<unknown>, b: () => Promise<unknown>, label = 'interleaved') {
  const ratios: number[] = [];
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  const time = async (work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };
  for (let run = 0; run < runs; run++) {
    const runA: number[] = [];
    const runB: number[] = [];
    for (let i = 0; i < pairs; i++) {
      runA.push(await time(a));
      runB.push(await time(b));
    }
    ratios.push(median(runA) / median(runB));
    benchProgress.note(`  ${label}: run ${run + 1} of ${runs} done`);
    samplesA.push(...runA);
    samplesB.push(...runB);
  }
  return { ratios, a: summarize(samplesA), b: summarize(samplesB) };
}

/** Runs `work` over `items` with at most `concurrency` in flight; with a `label`, notes each tenth done. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, label?: string): Promise<void> {
  let done = 0;
  const tenth = Math.max(1, Math.ceil(items.length / 10));
  await forEachLimited(items, concurrency, async (item) => {
    await work(item);
    if (label && (++done % tenth === 0 || done === items.length)) benchProgress.note(`  ${label}: ${done} of ${items.length}`);
  });
}
