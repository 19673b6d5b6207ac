/** Runs a zod schema and turns its issues into field errors that name the field. */
import * as z from 'zod/mini';
import { CatalogueError, type FailureKind, type FieldError } from './errors';

/** `speakerIds[2]`, prefixed with where the value came from: `body.speakerIds[2]`. */
export function fieldPath(location: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    location,
  );
}

export function issuesToErrors(issues: readonly z.core.$ZodIssue[], location: string): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: fieldPath(location, [...issue.path, key]),
        message: location === 'query' ? 'is not a known query parameter' : 'is not a field you can set (unknown, or set by the server)',
      }));
    }
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      return [{ path: fieldPath(location, issue.path), message: 'is required' }];
    }
    return [{ path: fieldPath(location, issue.path), message: issue.message }];
  });
}

export function parseWith<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  location: string,
  kind: FailureKind = 'invalid',
): z.output<T> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new CatalogueError(kind, `The ${location} is not valid`, issuesToErrors(result.error.issues, location));
}
