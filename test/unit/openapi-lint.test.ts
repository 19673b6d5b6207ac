/**
 * The OpenAPI document passes two well-known linters with 0 errors and 0
 * warnings: Redocly CLI's `recommended` rules (redocly.yaml) and Spectral's
 * `spectral:oas` ruleset (.spectral.yaml). Both run offline: Redocly's
 * telemetry and update check are turned off, Spectral's ruleset is built in.
 * Each is first shown a document with known faults, so a linter that checks
 * nothing (a broken install, a config it ignores) fails here too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_FILE } from '../../lambda/api/openapi-document';

const root = fileURLToPath(new URL('../..', import.meta.url));
const documentPath = fileURLToPath(OPENAPI_FILE);
const offline = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

/** A document both rulesets fault: no servers, no licence, an operation without tags or a 4xx answer. */
const scratch = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
const faulty = join(scratch, 'faulty.json');
writeFileSync(faulty, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { get: { responses: { 200: { description: 'ok' } } } } } }));

function run(args: string[]): Promise<string> {
  // Both exit non-zero when they find something; their JSON report says what.
  return new Promise((done, failed) =>
    execFile(process.execPath, args, { cwd: root, env: offline, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      !error || typeof error.code === 'number' ? done(stdout) : failed(new Error(`${args.join(' ')}: ${error.message} ${stderr}`)),
    ),
  );
}

interface Finding {
  rule: string;
  severity: string;
  where: string;
  message: string;
}

async function redocly(file: string): Promise<Finding[]> {
  const report = JSON.parse(await run([join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--format', 'json'])) as {
    problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
  };
  return report.problems.map((p) => ({ rule: p.ruleId, severity: p.severity, where: p.location[0]?.pointer ?? '', message: p.message }));
}

async function spectral(file: string): Promise<Finding[]> {
  // The report goes to a file: on stdout a sentence follows it when there is nothing to report.
  const output = join(scratch, `spectral-${basename(file)}.json`);
  await run([join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js'), 'lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--fail-severity', 'hint', '--output', output]);
  const results = JSON.parse(readFileSync(output, 'utf8')) as { code: string; severity: number; message: string; path: string[] }[];
  return results.map((r) => ({ rule: r.code, severity: ['error', 'warning', 'info', 'hint'][r.severity]!, where: r.path.join('.'), message: r.message }));
}

const show = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.rule} at ${f.where}: ${f.message}`).join('\n');

for (const [name, lint, expected] of [
  ['Redocly recommended', redocly, ['no-empty-servers', 'info-license', 'operation-4xx-response']],
  ['Spectral spectral:oas', spectral, ['oas3-api-servers', 'info-contact', 'operation-tags']],
] as const) {
  test(`${name}: 0 errors and 0 warnings on lambda/api/openapi.json (and it finds the faults of a faulty document)`, async () => {
    const [onFaulty, onDocument] = await Promise.all([lint(faulty), lint(documentPath)]);
    const found = new Set(onFaulty.map((f) => f.rule));
    for (const rule of expected) assert.ok(found.has(rule), `${name} did not report ${rule} on a document that breaks it:\n${show(onFaulty)}`);
    assert.deepEqual(onDocument, [], `${name} on lambda/api/openapi.json:\n${show(onDocument)}`);
  });
}
