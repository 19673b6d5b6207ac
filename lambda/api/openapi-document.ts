/**
 * GET /openapi.json: the document made at build time (`npm run openapi`
 * writes lambda/api/openapi.json; the stack copies it beside the read
 * function's bundle), read on the first request and answered as it is, its
 * JSON and ETag made once per container. Importing this costs nothing: the
 * document is neither in the bundle nor read until asked for.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ApiResponse } from './http';

/** Beside this module in the source tree, beside the bundle (index.mjs) in a deployed function. */
export const OPENAPI_FILE = new URL('./openapi.json', import.meta.url);

let answer: Promise<ApiResponse> | undefined;

export function openApiAnswer(): Promise<ApiResponse> {
  answer ??= readFile(OPENAPI_FILE, 'utf8').then(
    (file) => {
      const text = JSON.stringify(JSON.parse(file));
      const etag = `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', etag }, text };
    },
    (error: unknown) => {
      answer = undefined; // the next request tries again
      throw error;
    },
  );
  return answer;
}
