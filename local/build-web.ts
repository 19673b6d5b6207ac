/**
 * Builds the web page (web/src, web/index.html, web/styles.css) into a
 * folder with esbuild's synchronous API: `npm start`, the end-to-end tests
 * and the CDK deployment (at synth) all build it the same way, in well
 * under a second, so web/dist never has to be committed or prepared by hand.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const webRoot = fileURLToPath(new URL('../web/', import.meta.url));
export const webDist = join(webRoot, 'dist');

/** Writes index.html and assets/main.js, assets/styles.css (with source maps) into outDir; returns outDir. */
export function buildWeb(outDir = webDist): string {
  mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: { main: join(webRoot, 'src/main.ts'), styles: join(webRoot, 'styles.css') },
    outdir: join(outDir, 'assets'),
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    // Code only one view needs (the QR encoder of the agenda's check-in codes) loads as a chunk of its own.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // Browsers of the last two years; keeps the output close to the source.
    target: ['es2022', 'chrome111', 'safari16.4', 'firefox113'],
    // Korean text stays UTF-8 (3 bytes a syllable) rather than \u escapes (6).
    charset: 'utf8',
    logLevel: 'warning',
  });
  copyFileSync(join(webRoot, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}
