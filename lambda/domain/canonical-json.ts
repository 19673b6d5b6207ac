/**
 * JSON with the keys of every object in sorted order and undefined fields
 * left out: two values with the same content give the same text, whatever
 * order their keys arrived in (a request body, a map read back from DynamoDB,
 * a stream image). Used to tell whether a write changes anything.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
