/**
 * cdk.json sets every feature flag the installed aws-cdk-lib recommends
 * (what `cdk init` writes), so `cdk synth` warns of none unset; after an
 * upgrade of aws-cdk-lib this names the new ones. A value other than the
 * recommended one is a decision, listed here with its reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const deliberate: Record<string, { value: unknown; why: string }> = {
  '@aws-cdk/core:defaultCrossStackReferences': {
    value: 'strong',
    why: 'the edge stack must not drop the web ACL while the distribution in the catalogue stack uses it (README, "The edge")',
  },
};

test('cdk.json sets every recommended feature flag of the installed aws-cdk-lib, each to its recommended value unless deliberately not', () => {
  const recommended = createRequire(import.meta.url)('aws-cdk-lib/recommended-feature-flags.json') as Record<string, unknown>;
  const { context } = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  const unset = Object.keys(recommended).filter((flag) => !(flag in context));
  assert.deepEqual(unset, [], 'flags to add to cdk.json (their recommended values: node_modules/aws-cdk-lib/recommended-feature-flags.json)');
  const differing = Object.keys(recommended).filter((flag) => JSON.stringify(context[flag]) !== JSON.stringify(deliberate[flag]?.value ?? recommended[flag]));
  assert.deepEqual(differing, [], 'flags whose value is neither the recommended one nor a deliberate choice');
});
