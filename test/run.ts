/**
 * `npm test`: starts one DynamoDB Local (in memory) for the whole run, then
 * runs every test file with Node's test runner. Each HTTP test file makes
 * its own table, so files can run side by side.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { freePort } from './support/ports';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

// Pass file names to run a subset: npm test -- test/unit
const requested = process.argv.slice(2);
const files = (requested.length > 0 ? requested : ['test']).flatMap((p) => (statSync(p).isDirectory() ? testFiles(join(root, p)) : [p]));

// IAM_POLICIES=1: every test API checks each function's requests against its synthesized IAM policy.
let policyFile: string | undefined;
if (process.env.IAM_POLICIES === '1') {
  const { stackPolicies } = await import('./support/stack-policies');
  const { TABLE_ARN_PLACEHOLDER } = await import('./support/iam-policy');
  policyFile = join(mkdtempSync(join(tmpdir(), 'iam-')), 'policies.json');
  writeFileSync(policyFile, JSON.stringify(stackPolicies(TABLE_ARN_PLACEHOLDER)));
}

const dynamo = await startDynamoDbLocal({ port: await freePort() });
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=180000', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'CRITICAL',
    ...(policyFile ? { IAM_POLICIES_FILE: policyFile } : {}),
  },
});
const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? 1)));
await dynamo.stop();
process.exit(code);
