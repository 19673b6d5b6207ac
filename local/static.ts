/**
 * Serves the built web page from the local server, the way CloudFront serves
 * it from S3 in AWS: `/` and `/index.html`, files under `/assets/`, and a
 * `/config.json` that tells the page to use the local sign-in and the local
 * live channel (/live on the same port; in AWS the WebSocket API's URL). Only reached
 * for paths that are not API routes; anything else falls through to the
 * API's 404.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { HttpResult } from '../lambda/api/handler';
import { webDist } from './build-web';
import { LIVE_PATH } from './live-server';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// The page asks again on every load (no-cache), so a rebuild shows at once.
const headers = (type: string) => ({ 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });

/** The file a path names inside root, or undefined for paths outside it (`..`, encoded slashes) or not ours. */
function fileFor(path: string, root: string): string | undefined {
  let relative: string;
  if (path === '/' || path === '/index.html') relative = 'index.html';
  else if (path.startsWith('/assets/')) {
    try {
      relative = decodeURIComponent(path.slice(1));
    } catch {
      return undefined;
    }
  } else return undefined;
  const file = resolve(root, relative);
  return file.startsWith(root + sep) && !file.includes('\0') ? file : undefined;
}

export async function serveStatic(method: string, path: string, root = webDist): Promise<HttpResult | undefined> {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (path === '/config.json') {
    return { statusCode: 200, headers: headers(contentTypes['.json']!), body: JSON.stringify({ mode: 'local', liveUrl: LIVE_PATH }) };
  }
  const file = fileFor(path, resolve(root));
  if (!file || !(await stat(file).catch(() => undefined))?.isFile()) return undefined;
  const type = contentTypes[extname(file)] ?? 'application/octet-stream';
  return { statusCode: 200, headers: headers(type), body: (await readFile(file)).toString('base64'), isBase64Encoded: true };
}
