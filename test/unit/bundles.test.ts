/**
 * What each of the six Lambda bundles holds, built as the stack builds them:
 * no JSON-schema generator (the OpenAPI document is made at build time,
 * scripts/openapi.ts), zod only as zod/mini; the background functions
 * without the HTTP handler (they log through lambda/api/log.ts), without a
 * validator (they validate no request); no SDK client but DynamoDB's
 * (lambda/aws/json-call.ts calls Secrets Manager, KMS and SQS), and no
 * package twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { lambdaFunctions } from '../../lambda/api/routes';
import { backgroundFunctions, esbuildOptions } from '../../lib/lambda-bundling';

const functions = { ...lambdaFunctions, ...backgroundFunctions };

/** Inputs that must not be in a function: what they are, and a pattern of their paths. */
const unwanted = (name: string): [string, RegExp][] => [
  ['a JSON-schema generator', /json-schema|toJSONSchema/i],
  ['zod with its methods (zod/mini does the same checks)', /node_modules\/zod\/v4\/classic\//],
  ['an SDK client besides DynamoDB’s (Secrets Manager, KMS and SQS are called by lambda/aws/json-call.ts)', /node_modules\/@aws-sdk\/client-(?!dynamodb\/)/],
  ...(name in backgroundFunctions
    ? ([
        ['the HTTP handler (it serves no request)', /^lambda\/api\/handler\.ts$/],
        // The import job runner validates the rows it imports, as the import request does; the live channel's routes, a subscription.
        ...(name === 'importRunner' || name === 'liveConnections' ? [] : [['a validator (it validates no request)', /node_modules\/zod\//] as [string, RegExp]]),
      ] as [string, RegExp][])
    : []),
];

/** A package in a bundle twice (two versions, or one copy nested under another package) is carried twice. */
function duplicatedPackages(inputs: readonly string[]): string[] {
  const copies = new Map<string, Set<string>>();
  for (const input of inputs) {
    const names = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    const last = names[names.length - 1];
    if (!last) continue;
    const name = last[1]!;
    copies.set(name, (copies.get(name) ?? new Set()).add(input.slice(0, last.index)));
  }
  return [...copies].filter(([, at]) => at.size > 1).map(([name]) => name);
}

for (const [name, { entry }] of Object.entries(functions)) {
  test(`${name}: only what it uses (no JSON-schema generator, no full zod…)`, async () => {
    const { metafile } = await build({ ...esbuildOptions, entryPoints: [entry], outfile: `/tmp/${name}.mjs`, write: false, sourcemap: false, metafile: true });
    // What esbuild kept: a file it read but shook out entirely is no part of the bundle.
    const [output] = Object.values(metafile.outputs);
    const inputs = Object.entries(output!.inputs).filter(([, kept]) => kept.bytesInOutput > 0).map(([input]) => input);
    const bytes = output!.bytes;
    console.log(`${name}: ${(bytes / 1024).toFixed(0)} KB from ${inputs.length} files`);
    assert.deepEqual(duplicatedPackages(inputs), [], `${name} bundles a package twice`);
    for (const [what, pattern] of unwanted(name)) {
      assert.deepEqual(inputs.filter((input) => pattern.test(input)), [], `${name} bundles ${what}`);
    }
  });
}
