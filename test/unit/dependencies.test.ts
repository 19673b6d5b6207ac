/**
 * package.json says what the deployed code needs: `dependencies` are the
 * packages the Lambda bundles carry, and the CDK construct library; every
 * package only the local run, the tests or the tooling use is a
 * devDependency. Checked against what esbuild actually puts in each bundle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { lambdaFunctions } from '../../lambda/api/routes';
import { backgroundFunctions, esbuildOptions, lambdaBundling } from '../../lib/lambda-bundling';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
/** Used by `cdk synth` to describe the stack, never inside a function; `cdk init` puts them in dependencies too. */
const CDK_APP = ['aws-cdk-lib', 'constructs'];

const entries = Object.values({ ...lambdaFunctions, ...backgroundFunctions }).map((fn) => fn.entry);

const packageOf = (path: string) => {
  const [scope, name] = path.split('node_modules/').pop()!.split('/');
  return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
};

test('every package a Lambda bundle carries is a dependency; every dependency is carried by one (or describes the stack)', async () => {
  const result = await build({ ...esbuildOptions, entryPoints: entries, outdir: '/tmp/dependencies-test', write: false, sourcemap: false, minify: false, metafile: true });
  // What our own files import (the SDK's own dependencies, @smithy/* and the like, come with it).
  const bundled = new Set(
    Object.entries(result.metafile.inputs)
      .filter(([path]) => !path.includes('node_modules/'))
      .flatMap(([, input]) => input.imports.filter((i) => i.path.includes('node_modules/')).map((i) => packageOf(i.path))),
  );
  assert.deepEqual([...bundled].filter((name) => !(name in pkg.dependencies)).sort(), [], 'bundled by a Lambda, so a dependency');
  assert.deepEqual(Object.keys(pkg.dependencies).filter((name) => !bundled.has(name) && !CDK_APP.includes(name)).sort(), [], 'in no Lambda bundle: a devDependency');
});

test('@types/node matches the Lambda runtime’s Node.js major version', () => {
  const runtimeMajor = lambdaBundling.target.replace('node', '');
  assert.match(pkg.devDependencies['@types/node']!, new RegExp(`^\\^?${runtimeMajor}\\.`));
});
