/**
 * The reference schemas conference tools agree on (frab JSON and XML) live
 * beside the repository, in ../shared/schemas/ (CI has it). A clone on its
 * own has no such folder: the tests that need a schema are then skipped,
 * and say why, and everything else still runs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../../../shared/schemas/', import.meta.url));

export type ReferenceSchema = { path: string; skip?: undefined } | { path?: undefined; skip: string };

/** The schema's path, or why a check against it is skipped. */
export function referenceSchema(file: 'frab-schedule.schema.json' | 'frab-schedule.xml.xsd'): ReferenceSchema {
  const path = `${folder}${file}`;
  return existsSync(path) ? { path } : { skip: `${path} is absent (the reference schemas sit beside the repository, as in CI): not validated against it` };
}
