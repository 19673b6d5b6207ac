/**
 * Each Lambda bundle (the API's four functions and the three background
 * ones), built as the stack builds them, next to a
 * baseline: a bundle of the DynamoDB document client doing one GetCommand,
 * same esbuild options. Size, and the time a fresh Node process takes to
 * import it (a stand-in for cold start), measured function and baseline in
 * turn (A B A B …) so both see the same machine; each run's ratio is of
 * medians, and the ratio reported is the median of the runs'.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaFunctions } from '../lambda/api/routes';
import { backgroundFunctions, esbuildOptions } from '../lib/lambda-bundling';
import { benchProgress, median, ratioRow, type GoalRow } from './support';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'cdk.out', 'bench-bundles');

/** The target of the issue: each function within 1.2× the baseline, in size and in import time. */
const TARGET = 1.2;

const BASELINE_ENTRY = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => (await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pk, sk: event.sk }, ConsistentRead: true }))).Item;
`;

/**
 * The floor of an API function's bundle: the baseline and the libraries
 * every API function must hold (zod/mini, to name the field a bad input got
 * wrong; the Powertools logger and metrics, issue 15), each used once so that esbuild
 * keeps what a real use needs. What a function holds beyond this is its own code.
 */
const FLOOR_ENTRY = `${BASELINE_ENTRY}import * as z from 'zod/mini';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
const logger = new Logger({ serviceName: 'bench' });
const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench' });
const Input = z.object({ title: z.string().check(z.minLength(1)), capacity: z.optional(z.int().check(z.minimum(0))), tags: z.optional(z.array(z.string())) });
export const check = (body) => { const parsed = Input.safeParse(body); if (!parsed.success) logger.info('bad input', { issues: parsed.error.issues }); metrics.addMetric('Checks', MetricUnit.Count, 1); metrics.publishStoredMetrics(); return parsed.success; };
`;

/** What a bundle holds beyond the baseline, in bytes of its output: our code, zod/mini, Powertools (logger, metrics; `logger` below), and the rest (more of the SDK, less of it). */
interface Contents {
  ours: number;
  zod: number;
  logger: number;
}

const contents = new Map<string, Contents>();

async function bundle(name: string, entry: string, external: string[] = []): Promise<string> {
  const outfile = join(outDir, name, 'index.mjs');
  const { metafile } = await build({ ...esbuildOptions, entryPoints: [entry], outfile, external, metafile: true });
  const inputs = Object.entries(Object.values(metafile.outputs).find((output) => output.entryPoint)!.inputs);
  const bytesOf = (pattern: RegExp) => inputs.filter(([input]) => pattern.test(input)).reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  contents.set(name, { ours: bytesOf(/^lambda\//), zod: bytesOf(/node_modules\/zod\//), logger: bytesOf(/node_modules\/@aws-lambda-powertools\//) });
  return outfile;
}

/**
 * The baseline sending its one request in its import: what a cold start that
 * makes its first request costs (Node's HTTP client loaded, the SDK's request
 * path run once), as the API functions' cold start does to read their secrets.
 */
const BASELINE_FIRST_REQUEST_ENTRY = `${BASELINE_ENTRY}await handler({ pk: 'bench', sk: 'bench' });
`;

/**
 * Secrets Manager on a loopback port, for the API functions' cold start: they
 * read the origin secret (and the cursor key where lists are paged) before
 * they can serve, as in AWS, so their import time includes those requests.
 * Every secret has a current value and none a previous one. It answers the
 * baseline's GetItem too (no such item).
 */
async function startLocalSecrets(): Promise<{ endpoint: string; close(): void }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      if (String(request.headers['x-amz-target']).startsWith('DynamoDB_')) {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
        return;
      }
      const { SecretId, VersionStage } = JSON.parse(body) as { SecretId: string; VersionStage?: string };
      const found = VersionStage !== 'AWSPREVIOUS';
      response.writeHead(found ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(
          found
            ? { ARN: SecretId, Name: SecretId, SecretString: 'b'.repeat(64), VersionId: 'bench', VersionStages: ['AWSCURRENT'] }
            : { __type: 'ResourceNotFoundException', message: 'no previous version' },
        ),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/**
 * What a function reads from its environment at import. Every request it
 * sends stays on this machine: its secrets come from startLocalSecrets, and
 * any DynamoDB client would talk to a closed loopback port.
 */
const importEnvironment = (secretsEndpoint: string) => ({
  ...process.env,
  TABLE_NAME: 'bench',
  AWS_REGION: 'ap-northeast-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
  // Only the baseline's own DynamoDB client reads this (the functions' client reads DYNAMODB_ENDPOINT).
  AWS_ENDPOINT_URL_DYNAMODB: secretsEndpoint,
  ORIGIN_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:origin',
  PUBLIC_BASE_URL: 'https://catalogue.example',
  WEBHOOK_SECRET_KEY_ID: 'alias/bench',
  // The live channel's socket routes check attendees' and organisers' tokens against their user pools; the mailer sends from MAIL_FROM.
  ATTENDEE_USER_POOL_ID: 'ap-northeast-2_bench0000',
  ATTENDEE_CLIENT_ID: 'benchclientid',
  STAFF_USER_POOL_ID: 'ap-northeast-2_bench0001',
  STAFF_CLIENT_ID: 'benchstaffclientid',
  MAIL_FROM: 'catalogue@example.com',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NODE_OPTIONS: '',
});

const run = promisify(execFile);

interface ImportTime {
  /** Milliseconds from the import's start to its end. */
  wall: number;
  /** CPU milliseconds the process spent meanwhile (all its threads): what a busy machine inflates less. */
  cpu: number;
}

/** How long a fresh Node process takes to import the file (the cursor key too, for a function that pages lists). */
async function importTime(env: NodeJS.ProcessEnv, file: string, { nodeOptions = '', cursors = false } = {}): Promise<ImportTime> {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(file)}); const u = process.cpuUsage(c); process.stdout.write(\`\${performance.now() - t} \${(u.user + u.system) / 1000}\`);`;
  const cursorSecret = cursors ? { CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:cursor' } : {};
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...env, ...cursorSecret, NODE_OPTIONS: nodeOptions }, cwd: root });
  const [wall, cpu] = stdout.split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}

/** `a` and `b` imported in turn, `runs` × `imports` times: per run the ratio of medians, of wall and of CPU time. */
async function importRatio(label: string, runs: number, imports: number, a: () => Promise<ImportTime>, b: () => Promise<ImportTime>) {
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const timesA: ImportTime[] = [];
  const timesB: ImportTime[] = [];
  for (let run = 0; run < runs; run++) {
    const runA: ImportTime[] = [];
    const runB: ImportTime[] = [];
    for (let i = 0; i < imports; i++) {
      runA.push(await a());
      runB.push(await b());
    }
    benchProgress.note(`  ${label}: run ${run + 1} of ${runs} done`);
    ratios.push(median(runA.map((t) => t.wall)) / median(runB.map((t) => t.wall)));
    cpuRatios.push(median(runA.map((t) => t.cpu)) / median(runB.map((t) => t.cpu)));
    timesA.push(...runA);
    timesB.push(...runB);
  }
  return { ratios, cpuRatios, timesA, timesB };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export interface BundleOptions {
  /** Runs of interleaved imports; the ratio is the median of the runs' ratios. */
  runs: number;
  /** Imports of each bundle per run. */
  imports: number;
}

export async function bundleReport({ runs, imports }: BundleOptions): Promise<GoalRow[]> {
  const secrets = await startLocalSecrets();
  try {
    return await measureBundles({ runs, imports }, importEnvironment(secrets.endpoint));
  } finally {
    secrets.close();
  }
}

async function measureBundles({ runs, imports }: BundleOptions, env: NodeJS.ProcessEnv): Promise<GoalRow[]> {
  mkdirSync(outDir, { recursive: true });
  const baselineEntry = join(outDir, 'baseline-entry.mjs');
  writeFileSync(baselineEntry, BASELINE_ENTRY);
  const baseline = await bundle('baseline', baselineEntry);
  const functions: [string, { entry: string; cursors?: boolean }][] = Object.entries({ ...lambdaFunctions, ...backgroundFunctions });
  const files = new Map<string, string>();
  for (const [name, { entry }] of functions) {
    files.set(name, await bundle(name, join(root, entry)));
    benchProgress.note(`  bundled ${name}`);
  }
  const pagesLists = new Map(functions.map(([name, fn]) => [name, Boolean(fn.cursors)]));
  const importFunction = (name: string, file: string, nodeOptions = '') => importTime(env, file, { nodeOptions, cursors: pagesLists.get(name) });
  const importBaseline = () => importTime(env, baseline);

  const baseSize = statSync(baseline).size;
  console.log(`lambda bundles (esbuild as the stack runs it), import time in a fresh process: ${runs} runs of ${imports} imports each, function and baseline in turn`);
  console.log(`  (the API functions' imports include reading their secrets from a Secrets Manager on a loopback port, as their cold start in AWS reads them)`);
  console.log(`  ${'bundle'.padEnd(34)} ${'size'.padStart(7)} ${'gzip'.padStart(7)} ${'vs base'.padStart(8)} ${'import p50'.padStart(11)} ${'vs base (runs)'.padStart(30)} ${'CPU p50'.padStart(9)} ${'CPU vs base'.padStart(12)}`);
  const line = (name: string, file: string, size: string, load: string, runsText: string, cpu = '', cpuRatio = '') =>
    console.log(`  ${name.padEnd(34)} ${kb(statSync(file).size).padStart(7)} ${kb(gzipSync(readFileSync(file)).length).padStart(7)} ${size.padStart(8)} ${load.padStart(11)} ${runsText.padStart(30)} ${cpu.padStart(9)} ${cpuRatio.padStart(12)}`);
  const rows: GoalRow[] = [];
  const baseTimes: ImportTime[] = [];
  const measured = new Map<string, Awaited<ReturnType<typeof importRatio>>>();
  for (const [name, file] of files) {
    // The function (A) and the baseline (B) in turn.
    const result = await importRatio(`import ${name} and the baseline`, runs, imports, () => importFunction(name, file), importBaseline);
    measured.set(name, result);
    baseTimes.push(...result.timesB);
  }
  const ms = (times: readonly ImportTime[], pick: (time: ImportTime) => number) => `${median(times.map(pick)).toFixed(1)} ms`;
  line('DynamoDB client + GetCommand (base)', baseline, '1.00×', ms(baseTimes, (t) => t.wall), '', ms(baseTimes, (t) => t.cpu));
  for (const [name, file] of files) {
    const { ratios, cpuRatios, timesA } = measured.get(name)!;
    const sizeRatio = statSync(file).size / baseSize;
    const cpuRatio = `${median(cpuRatios).toFixed(2)}×`;
    line(name, file, `${sizeRatio.toFixed(2)}×`, ms(timesA, (t) => t.wall), `${median(ratios).toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(' ')})`, ms(timesA, (t) => t.cpu), cpuRatio);
    rows.push({ goal: `bundle ${name}: size vs base`, target: `≤ ${TARGET}×`, measured: `${sizeRatio.toFixed(2)}× (${kb(statSync(file).size)} / ${kb(baseSize)})`, held: sizeRatio <= TARGET });
    const importRow = ratioRow(`bundle ${name}: import time vs base`, TARGET, ratios);
    rows.push({ ...importRow, measured: `${importRow.measured}; CPU ${cpuRatio}` });
  }

  console.log(`  what each holds beyond the baseline (${kb(baseSize)}): our code, zod/mini, Powertools (logger and metrics, as "logger"), and the SDK beyond the baseline's`);
  for (const name of files.keys()) {
    const { ours, zod, logger } = contents.get(name)!;
    const sdk = statSync(files.get(name)!).size - baseSize - ours - zod - logger;
    console.log(`  ${name.padEnd(34)} ours ${kb(ours).padStart(6)}   zod ${kb(zod).padStart(6)}   logger ${kb(logger).padStart(6)}   SDK ${(sdk < 0 ? '−' : '+') + kb(Math.abs(sdk))}`);
  }

  /** A floor measured like a function: its bundle against the baseline, printed, and two info rows. */
  const floorRows = async (file: string, label: string, goal: string) => {
    const timed = await importRatio(`import ${label} and the baseline`, runs, imports, () => importTime(env, file), importBaseline);
    const size = statSync(file).size / baseSize;
    line(label, file, `${size.toFixed(2)}×`, ms(timed.timesA, (t) => t.wall), `${median(timed.ratios).toFixed(2)}× base`, ms(timed.timesA, (t) => t.cpu), `${median(timed.cpuRatios).toFixed(2)}×`);
    rows.push(
      { goal: `${goal}: size`, target: 'info', measured: `${size.toFixed(2)}× (${kb(statSync(file).size)})`, held: undefined },
      { ...ratioRow(`${goal}: import time`, TARGET, timed.ratios), target: 'info', held: undefined },
    );
  };
  // The floor of an API function: the baseline with zod/mini and Powertools' logger and metrics, which every API function holds.
  const floorEntry = join(outDir, 'floor-entry.mjs');
  writeFileSync(floorEntry, FLOOR_ENTRY);
  await floorRows(await bundle('floor', floorEntry), 'floor: base + zod/mini + Powertools', 'floor: an API function’s libraries (base + zod/mini + Powertools logger and metrics)');
  // The floor of an API function's own code: the shared handler and its secrets, serving one GetCommand (bench/api-shell.ts).
  await floorRows(await bundle('api-shell', join(root, 'bench', 'api-shell.ts')), 'floor: API handler + secrets, 1 Get', 'floor: an API function’s shell (handler, route table, secrets; no zod) with one GetCommand');

  // Part of the API functions' import is their first request (their secrets), which the baseline makes only when first invoked.
  const firstRequestEntry = join(outDir, 'baseline-first-request-entry.mjs');
  writeFileSync(firstRequestEntry, BASELINE_FIRST_REQUEST_ENTRY);
  const firstRequest = await bundle('baseline-first-request', firstRequestEntry);
  const withRequest = await importRatio('import the baseline sending its request', runs, imports, () => importTime(env, firstRequest), importBaseline);
  line('base, sending its GetCommand in import', firstRequest, '', ms(withRequest.timesA, (t) => t.wall), `${median(withRequest.ratios).toFixed(2)}× base`, ms(withRequest.timesA, (t) => t.cpu), `${median(withRequest.cpuRatios).toFixed(2)}×`);

  // Two choices these numbers back (docs/performance.md), each against the read function as deployed.
  const [readName, read] = functions[0]!;
  const readFile = files.get(readName)!;
  const external = await bundle(`${readName}-sdk-external`, join(root, read.entry), ['@aws-sdk/*', '@smithy/*']);
  const withoutSdk = await importRatio(`import ${readName} with the SDK not bundled`, runs, imports, () => importFunction(readName, external), () => importFunction(readName, readFile));
  line(`${readName}, SDK not bundled`, external, `${(statSync(external).size / baseSize).toFixed(2)}×`, ms(withoutSdk.timesA, (t) => t.wall), `${median(withoutSdk.ratios).toFixed(2)}× its bundle`, ms(withoutSdk.timesA, (t) => t.cpu), `${median(withoutSdk.cpuRatios).toFixed(2)}×`);
  const maps = await importRatio(`import ${readName} with source maps`, runs, imports, () => importFunction(readName, readFile, '--enable-source-maps'), () => importFunction(readName, readFile));
  line(`${readName}, --enable-source-maps`, readFile, '', ms(maps.timesA, (t) => t.wall), `${median(maps.ratios).toFixed(2)}× without`, ms(maps.timesA, (t) => t.cpu), `${median(maps.cpuRatios).toFixed(2)}×`);
  return rows;
}
