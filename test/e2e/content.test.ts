/**
 * The content model on the web page, in headless Chromium against a real
 * local server: a session's title and abstract in the page's language (and
 * its own where it has no translation), its links, and its speakers' photos.
 * The photo's URL is on the loopback address with nothing listening: the
 * browser's attempt to load it never leaves the machine.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../local/build-web';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, type Browser } from '../support/browser';

const RESULTS = new URL('../../test-results/', import.meta.url);
const screenshot = (page: Page, name: string) => page.screenshot({ path: new URL(name, RESULTS).pathname, fullPage: true });
const PHOTO = 'https://127.0.0.1:4899/ham-giho.jpg';

describe('the content model in the browser', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let browser: Browser;

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    api = await startTestApi();
    await createSampleEvent(api);
    const speaker = await api.call('GET', '/speakers/ham-giho');
    const put = await api.call('PUT', '/speakers/ham-giho', {
      token: api.adminToken,
      headers: { 'if-match': speaker.headers.get('etag')! },
      body: { name: '함기호', company: 'AWS 코리아', photoUrl: PHOTO, links: [{ kind: 'website', url: 'https://aws.amazon.com/ko/' }] },
    });
    assert.equal(put.status, 200, put.text);
    for (const fields of [
      {
        id: 'bilingual',
        title: { ko: '그래비톤으로 비용 줄이기', en: 'Cutting costs with Graviton' },
        abstract: { ko: '한국어 설명입니다.', en: 'The English abstract.' },
        links: [{ kind: 'slides', url: 'https://www.slideshare.net/awskorea/graviton' }, { kind: 'video', url: 'https://www.youtube.com/watch?v=x', title: '녹화 영상' }],
      },
      { id: 'korean-only', title: '한국어 제목만 있는 세션', startsAt: '2024-05-16T14:00:00+09:00', endsAt: '2024-05-16T14:40:00+09:00' },
    ]) {
      const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session(fields) });
      assert.equal(created.status, 201, created.text);
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await api?.close();
  });

  test("a session page shows the page's language, falls back to the session's own, and shows links and speaker photos", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${api.baseUrl}/#/e/summit/s/bilingual`);
    await page.getByRole('heading', { level: 1, name: '그래비톤으로 비용 줄이기' }).waitFor();
    await page.getByText('한국어 설명입니다.').waitFor();
    await page.getByRole('link', { name: '발표 자료' }).waitFor();
    await page.getByRole('link', { name: '녹화 영상' }).waitFor();
    assert.equal(await page.getByRole('link', { name: '발표 자료' }).getAttribute('href'), 'https://www.slideshare.net/awskorea/graviton');
    assert.equal(await page.locator('.speakers img.avatar').getAttribute('src'), PHOTO);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cutting costs with Graviton' }).waitFor();
    await page.getByText('The English abstract.').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).getAttribute('lang'), 'en');
    await page.getByRole('link', { name: 'Slides' }).waitFor();
    await screenshot(page, 'content-session-en.png');

    // No English title: the Korean one, marked as Korean for screen readers.
    await page.goto(`${api.baseUrl}/#/e/summit/s/korean-only`);
    await page.getByRole('heading', { level: 1, name: '한국어 제목만 있는 세션' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).getAttribute('lang'), 'ko');

    await page.goto(`${api.baseUrl}/#/speakers/ham-giho`);
    await page.getByRole('link', { name: 'Cutting costs with Graviton' }).waitFor();
    await page.getByRole('link', { name: 'aws.amazon.com' }).waitFor();
    assert.equal(await page.locator('article.speaker img.avatar').getAttribute('src'), PHOTO);
    await screenshot(page, 'content-speaker-en.png');
    await page.close();
  });
});
