/**
 * The reference schemas conference tools agree on (frab JSON and XML) live
 * beside the repository, in ../shared/schemas/ (CI has it). A clone on its
 * own has no such folder: the tests that need a schema are then skipped,
 * and say why, and everything else still runs.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const folder = fileURLToPath(new URL('../../../shared/schemas/', import.meta.url));

export type ReferenceSchema = { path: string; skip?: undefined } | { path?: undefined; skip: string };

/** The schema's path, or why a check against it is skipped. */
export function referenceSchema(file: 'frab-schedule.schema.json' | 'frab-schedule.xml.xsd'): ReferenceSchema {
  const path = `${folder}${file}`;
  return existsSync(path) ? { path } : { skip: `${path} is absent (the reference schemas sit beside the repository, as in CI): not validated against it` };
}

/** Valid against c3voc's schedule JSON schema, or the test says why that was not checked. */
export function assertValidScheduleJson(t: { diagnostic(message: string): void }, schedule: unknown, what: string): void {
  const file = referenceSchema('frab-schedule.schema.json');
  if (file.path === undefined) return t.diagnostic(`skipped the JSON schema validation of ${what}: ${file.skip}`);
  // The file has `//` comment lines inside arrays.
  const schema = JSON.parse(readFileSync(file.path, 'utf8').split('\n').filter((line) => !line.trim().startsWith('//')).join('\n'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  ajv.addFormat('color', true);
  const validate = ajv.compile(schema);
  assert.ok(validate(schedule), `${what}: ${JSON.stringify(validate.errors, null, 1)}`);
  t.diagnostic(`${what}: valid against frab-schedule.schema.json (ajv)`);
}
