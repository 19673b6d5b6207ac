/**
 * Each Lambda bundle, built as the CDK builds it: its size, and the time a
 * fresh Node process takes to load it (a stand-in for cold start), next to a
 * bundle of only the DynamoDB client, and next to the same function with the
 * AWS SDK left out of the bundle (loaded from node_modules, as a runtime's
 * own copy would be). Medians of several fresh processes, measured side by side.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaFunctions } from '../lambda/api/routes';
import { lambdaBundling } from '../lib/lambda-bundling';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'cdk.out', 'bench-bundles');

async function bundle(name: string, entry: string, external: string[] = []): Promise<string> {
  const outfile = join(outDir, name, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: lambdaBundling.format,
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourceMap,
    mainFields: [...lambdaBundling.mainFields],
    banner: { js: lambdaBundling.banner },
    external,
    logLevel: 'error',
  });
  return outfile;
}

/** Milliseconds to import the file in a fresh process: median of `runs`. */
function loadTime(file: string, runs: number, nodeOptions = ''): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const samples = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'ap-northeast-2', NODE_OPTIONS: nodeOptions, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        cwd: root,
      }).toString(),
    ),
  );
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export async function bundleReport(runs = 7): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const sdkEntry = join(outDir, 'sdk-only-entry.ts');
  writeFileSync(
    sdkEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nexport const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n",
  );
  const sdkOnly = await bundle('sdk-only', sdkEntry);
  const sdkLoad = loadTime(sdkOnly, runs);
  console.log('lambda bundles (esbuild, minified ESM, as the CDK builds them)');
  console.log(`  ${'bundle'.padEnd(34)} ${'size'.padStart(8)} ${'gzip'.padStart(8)} ${'load'.padStart(9)} ${'vs SDK only'.padStart(12)}`);
  const row = (name: string, file: string, load: number) => {
    const size = statSync(file).size;
    const gzip = gzipSync(readFileSync(file)).length;
    console.log(`  ${name.padEnd(34)} ${kb(size).padStart(8)} ${kb(gzip).padStart(8)} ${`${load.toFixed(1)} ms`.padStart(9)} ${`${(load / sdkLoad).toFixed(2)}×`.padStart(12)}`);
  };
  row('DynamoDB client only (baseline)', sdkOnly, sdkLoad);
  for (const [name, { entry }] of Object.entries(lambdaFunctions)) {
    const file = await bundle(name, join(root, entry));
    row(name, file, loadTime(file, runs));
  }
  const [firstName, first] = Object.entries(lambdaFunctions)[0]!;
  const external = await bundle(`${firstName}-sdk-external`, join(root, first.entry), ['@aws-sdk/*', '@smithy/*']);
  row(`${firstName}, SDK not bundled`, external, loadTime(external, runs));
  const readFile = join(outDir, firstName, 'index.mjs');
  row(`${firstName} with --enable-source-maps`, readFile, loadTime(readFile, runs, '--enable-source-maps'));
}
