/**
 * How every Lambda is bundled, in one place: the CDK construct passes these
 * to esbuild through NodejsFunction, and the benchmark (bench/bundles.ts)
 * builds the same bundles with esbuild directly to measure them.
 */
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
