/**
 * How every Lambda is bundled, in one place: the CDK construct passes these
 * to esbuild through NodejsFunction, and the benchmark (bench/bundles.ts)
 * and the bundle test (test/unit/bundles.test.ts) build the same bundles
 * with esbuild directly to measure and inspect them.
 */
import type { BuildOptions } from 'esbuild';

export const lambdaBundling = {
  target: 'node22',
  minify: true,
  sourceMap: true,
  // ESM lets esbuild tree-shake the SDK v3's ES modules; the banner gives
  // CommonJS dependencies the `require` that ESM lacks.
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/** The same bundling as esbuild's own options, for building a function's bundle outside the CDK. */
export const esbuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: lambdaBundling.format,
  target: lambdaBundling.target,
  minify: lambdaBundling.minify,
  sourcemap: lambdaBundling.sourceMap,
  mainFields: [...lambdaBundling.mainFields],
  banner: { js: lambdaBundling.banner },
  logLevel: 'error',
};

/** The functions not behind the API (lambdaFunctions in lambda/api/routes.ts lists those): the change feed's stream consumer, the deleted sessions' cleaner, the webhook deliverer, the import job runner, the no-show release, the live channel's socket routes and the notices' mailer. */
export const backgroundFunctions = {
  changeRecorder: { entry: 'lambda/functions/record-changes.ts' },
  deletionCleaner: { entry: 'lambda/functions/clean-up-deletions.ts' },
  webhookDeliverer: { entry: 'lambda/functions/deliver-webhooks.ts' },
  importRunner: { entry: 'lambda/functions/run-imports.ts' },
  noShowReleaser: { entry: 'lambda/functions/release-no-shows.ts' },
  liveConnections: { entry: 'lambda/functions/live-connections.ts' },
  noticeMailer: { entry: 'lambda/functions/mail-notices.ts' },
} as const;
