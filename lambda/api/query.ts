/**
 * Query strings. API Gateway (payload 2.0) joins a repeated parameter's
 * values with commas in `queryStringParameters`, which cannot be told apart
 * from one value with a comma in it (the track "DevOps, Cloud"). So the
 * handler reads `rawQueryString`, which both API Gateway and the local
 * server pass as the client sent it: a parameter is one value, or a list
 * when it repeats. A parameter the schema takes as a list (the multi-select
 * filters) may repeat; any other given twice is a 400 that names it.
 */
import * as z from 'zod/mini';
import { CatalogueError, type FieldError } from '../domain/errors';
import { issuesToErrors } from '../domain/validate';

export type QueryParameters = Record<string, string | string[]>;

export function queryParametersOf(rawQueryString: string | undefined, joined: Record<string, string | undefined> | undefined): QueryParameters {
  const parameters: QueryParameters = {};
  // An event built by hand (a console test) may lack rawQueryString: then the joined values are all there is.
  if (rawQueryString === undefined) {
    for (const [name, value] of Object.entries(joined ?? {})) if (value !== undefined) parameters[name] = value;
    return parameters;
  }
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = parameters[name];
    parameters[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return parameters;
}

/** True when a field of a query schema is a list (behind optional, default or a transform). */
function takesList(field: z.ZodMiniType | undefined): boolean {
  for (let current = field; current; ) {
    const def = current._zod.def as { type: string; innerType?: z.ZodMiniType; in?: z.ZodMiniType };
    if (def.type === 'array') return true;
    current = def.innerType ?? def.in;
  }
  return false;
}

/** Validates query parameters against a schema whose list fields may repeat; a single value of a list field is a list of one. */
export function parseQuery<T extends z.ZodMiniObject>(schema: T, query: QueryParameters): z.output<T> {
  const errors: FieldError[] = [];
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(query)) {
    const list = takesList(schema.shape[name] as z.ZodMiniType | undefined);
    if (Array.isArray(value) && !list) errors.push({ path: `query.${name}`, message: `is given ${value.length} times; give it once` });
    values[name] = list && !Array.isArray(value) ? [value] : value;
  }
  const result = errors.length === 0 ? z.safeParse(schema, values) : undefined;
  if (result?.success) return result.data;
  // A parameter is named as the client wrote it: `query.type`, not `query.type[1]` for the second of its values.
  for (const issue of result?.error.issues ?? []) errors.push(...issuesToErrors([{ ...issue, path: issue.path.slice(0, 1) }], 'query'));
  throw new CatalogueError('invalid', 'The query is not valid', errors);
}
