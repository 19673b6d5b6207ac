/**
 * xmllint (Debian's libxml2-utils, the validator c3voc names for the frab
 * schedule XML). Without it the XML checks are skipped with a message,
 * except in CI (CI=true), where it is a failure: .ci/run installs it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { referenceSchema } from './reference-schemas';

export const XMLLINT = process.env.XMLLINT_PATH ?? 'xmllint';

/** Why the XML checks cannot run here, or undefined when they can. Throws in CI. */
export function xmllintSkipReason(): string | undefined {
  if (spawnSync(XMLLINT, ['--version']).status === 0) return undefined;
  const reason = `${XMLLINT} is missing: install it with apt-get install -y libxml2-utils (or set XMLLINT_PATH)`;
  if (process.env.CI === 'true') throw new Error(`CI needs the XML checks: ${reason}`);
  return reason;
}

/** Checks `xml` against the XSD at `schema`: undefined when it validates, else xmllint's complaints. */
export function xsdErrors(xml: string, schema: string): string | undefined {
  const run = spawnSync(XMLLINT, ['--noout', '--nonet', '--schema', schema, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 << 20 });
  return run.status === 0 ? undefined : run.stderr || `xmllint exited with ${run.status}`;
}

/** The XPath expression's value in `xml`, as xmllint gives it (a string(), count() …), without its final newline. */
export function xpath(xml: string, expression: string): string {
  const out = execFileSync(XMLLINT, ['--nonet', '--xpath', expression, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}

/** Valid against c3voc's schedule XSD (../shared/schemas), or the test says why that was not checked. */
export function assertValidScheduleXml(t: { diagnostic(message: string): void }, xml: string, what: string): void {
  const xsd = referenceSchema('frab-schedule.xml.xsd');
  if (xsd.path === undefined) return t.diagnostic(`skipped the XSD validation of ${what}: ${xsd.skip}`);
  const errors = xsdErrors(xml, xsd.path);
  assert.equal(errors, undefined, `${what}: ${errors?.slice(0, 2000)}`);
  t.diagnostic(`${what}: valid against frab-schedule.xml.xsd (xmllint --schema; ${xml.length} characters)`);
}
