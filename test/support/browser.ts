/**
 * Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium
 * driven by playwright-core (no browser download). Without Chromium the
 * tests are skipped with a message, except in CI (CI=true), where a missing
 * browser is a failure: .ci/run installs it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. Throws in CI. */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} is missing: install it with apt-get install -y chromium (or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`CI needs the browser tests: ${reason}`);
  return reason;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fresh profile (its own --user-data-dir) per launch, so no state leaks
 * between runs. `timezoneId`: the viewer's zone (Seoul, the events' own, unless a test needs another).
 * `camera`: a Y4M video file the browser's camera shows (test/support/fake-camera.ts), permission granted.
 */
export async function launchBrowser({ timezoneId = 'Asia/Seoul', camera }: { timezoneId?: string; camera?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'catalogue-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(camera ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera}`] : []),
    ],
    ...(camera ? { permissions: ['camera'] } : {}),
    viewport: { width: 1280, height: 900 },
    locale: 'ko-KR',
    timezoneId,
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A new tab (its own sessionStorage), signed in through the development
 * sign-in form; the page's uncaught errors go to `pageErrors`.
 */
export async function tabSignedInAs(browser: Browser, baseUrl: string, sub: string, options: { organiserOf?: string; pageErrors: string[] }): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => options.pageErrors.push(error.message));
  await page.goto(`${baseUrl}/#/sign-in`);
  await page.getByLabel('참석자 ID').fill(sub);
  if (options.organiserOf) await page.getByLabel('운영하는 행사 ID').fill(options.organiserOf);
  await page.getByRole('button', { name: '로그인' }).click();
  // The header names who is signed in (staff get a badge after the name).
  await page.locator('.account .user', { hasText: `${sub} 님` }).waitFor();
  return page;
}
