/**
 * The API functions' bundles as `cdk synth` makes them: the stack
 * synthesized in this process with bundling on (NodejsFunction runs the
 * project's esbuild), so the files are the very ones `cdk deploy` uploads.
 * Bundling takes seconds of CPU per function, so the assembly is kept under
 * node_modules/.cache, keyed by everything that goes into it (lambda/, lib/,
 * the lockfile, cdk.json): a second run with no change reuses it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { FunctionName } from '../../lambda/api/routes';
import { projectRoot } from '../../lib/catalogue-function';

const CACHE = join(projectRoot, 'node_modules/.cache/bundled-handlers');
const INPUTS = ['lambda', 'lib', 'package-lock.json', 'cdk.json'];

function filesUnder(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).sort().flatMap((name) => filesUnder(join(path, name))) : [path];
}

/** A hash of every file the synthesized bundles are made from. */
function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(projectRoot, input)))) hash.update(relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 20);
}

/** Each API function's bundled entry file (index.mjs in its asset directory), and whether it came from the cache. */
export async function bundledApiHandlers(): Promise<{ files: Record<FunctionName, string>; cached: boolean }> {
  const dir = join(CACHE, inputsHash());
  const index = join(dir, 'handlers.json');
  if (existsSync(index)) return { files: JSON.parse(readFileSync(index, 'utf8')) as Record<FunctionName, string>, cached: true };
  // Older assemblies are of older sources: only the newest is kept.
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { CatalogueStack } = await import('../../lib/catalogue-stack');
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context?: object };
  const app = new App({ outdir: join(dir, 'cdk.out'), context: { ...cdkJson.context } });
  const stack = new CatalogueStack(app, 'Bundled');
  app.synth({ validateOnSynthesis: false });
  // The template names each function's code by its asset's hash; the asset directory is asset.<hash>.
  const files = Object.fromEntries(
    Object.entries(stack.functions).map(([name, fn]) => {
      const code = (fn.node.defaultChild as CfnFunction & CfnResource).code as CfnFunction.CodeProperty;
      const assetHash = String(code.s3Key).replace(/\.zip$/, '');
      return [name, join(dir, 'cdk.out', `asset.${assetHash}`, 'index.mjs')];
    }),
  ) as Record<FunctionName, string>;
  for (const file of Object.values(files)) if (!existsSync(file)) throw new Error(`no bundle at ${file}: did the synth bundle?`);
  writeFileSync(index, JSON.stringify(files));
  return { files, cached: false };
}
