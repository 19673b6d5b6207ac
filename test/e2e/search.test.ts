/**
 * Search in the browser (issue 16.7), headless Chromium against a real
 * local server: counts beside the filters from the API's facets, snippets
 * under the titles with the match marked (built from offsets as text
 * nodes: a `<script>` title stays text), "did you mean" after a typo, and
 * the header's search box over every event, its hits linking to each
 * session. Screenshots at 1440x900 and 375x812 go to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../local/build-web';
import { importSessions, startTestApi, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, type Browser } from '../support/browser';
import { createWebCatalogue, EVENT_ID, SMALL_DAY } from '../support/web-catalogue';

const RESULTS = new URL('../../test-results/', import.meta.url);
const NEW_EVENT = 'cloud-week-2025';
const DAY = '2025-06-10';
const at = (hour: number, minutes = 0) => `${DAY}T${String(hour).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00+09:00`;
const sessions = [
  { id: 'graviton-cost', title: 'Graviton4로 비용 40% 줄이기', abstract: '인스턴스를 옮긴 과정과 측정 결과', track: '서버리스', level: '300', room: 'Room 301', startsAt: at(10), endsAt: at(10, 40) },
  { id: 'xss-title', title: '<script>document.title="pwned"</script> Graviton 보안 점검', abstract: '', track: 'AI/ML', level: '200', room: 'Room 302', startsAt: at(10), endsAt: at(10, 40) },
  { id: 'serverless-ops', title: '서버리스 운영 이야기', abstract: '함수를 Graviton 기반 arm64로 옮기며 배운 점과 비용 절감 효과를 나눕니다.', track: '서버리스', level: '200', room: 'Room 301', startsAt: at(11), endsAt: at(11, 40) },
  { id: 'data-lake', title: '데이터 레이크 설계', abstract: '', track: 'AI/ML', level: '100', room: 'Room 302', startsAt: at(11), endsAt: at(11, 40) },
].map((s) => ({ type: 'breakout', language: 'ko', capacity: 50, speakerIds: ['speaker-3'], tags: [], ...s }));

describe('search in the browser', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const ready = () => page.locator('.results[data-state=ready]').waitFor();
  const shot = async (name: string) => {
    for (const [width, height, size] of [[1440, 900, 'desktop'], [375, 812, 'phone']] as const) {
      await page.setViewportSize({ width, height });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `${name}: nothing wider than the screen at ${width}px`);
      await page.screenshot({ path: new URL(`${name}-${size}.png`, RESULTS).pathname });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    api = await startTestApi();
    await createWebCatalogue(api, { bigDay: false });
    const put = await api.call('PUT', `/events/${NEW_EVENT}`, {
      token: api.adminToken,
      body: { name: 'Cloud Week 2025', venue: '코엑스', timezone: 'Asia/Seoul', days: [{ date: DAY }], tracks: ['AI/ML', '서버리스'] },
    });
    assert.equal(put.status, 201, put.text);
    await importSessions(api, sessions, NEW_EVENT);
    // The older event has a Graviton session too: the header's search finds both events.
    await importSessions(api, [{ ...sessions[0]!, id: 'graviton-2024', title: 'Graviton 첫걸음', startsAt: `${SMALL_DAY}T15:00:00+09:00`, endsAt: `${SMALL_DAY}T15:40:00+09:00` }], EVENT_ID);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  after(async () => {
    await browser?.close();
    await api?.close();
  });

  test('an event’s search: counts beside the filters, the match marked in titles and snippets, a <script> title as text', async () => {
    await page.goto(`${api.baseUrl}/#/e/${NEW_EVENT}?q=graviton`);
    await ready();
    const facets = (await api.call('GET', `/events/${NEW_EVENT}/sessions?q=graviton&day=${DAY}`)).body.facets;
    await page.locator('details.multi[data-filter=track] > summary').click();
    const shown = await page.locator('details.multi[data-filter=track] label').evaluateAll((labels) =>
      labels.map((label) => [label.querySelector('input')!.value, label.querySelector('.choice-count')!.getAttribute('data-count')]));
    assert.deepEqual(Object.fromEntries(shown), Object.fromEntries(facets.track.map((f: { value: string; count: number }) => [f.value, String(f.count)])));
    assert.deepEqual(Object.fromEntries(shown), { 'AI/ML': '1', 서버리스: '2' });
    // Its count describes the choice; the name stays the track's.
    assert.equal(await page.getByRole('checkbox', { name: '서버리스', exact: true }).getAttribute('aria-describedby'), 'count-track-1');

    const titles = await page.locator('.grid .card-title').allTextContents();
    assert.deepEqual(titles.sort(), ['<script>document.title="pwned"</script> Graviton 보안 점검', 'Graviton4로 비용 40% 줄이기', '서버리스 운영 이야기'].sort());
    assert.deepEqual(await page.locator('.grid .card-title mark').allTextContents(), ['Graviton', 'Graviton']);
    // The abstract's match, under its title.
    const snippet = page.locator('.card', { hasText: '서버리스 운영 이야기' }).locator('.card-snippet');
    assert.equal(await snippet.getAttribute('data-field'), 'abstract');
    assert.deepEqual(await snippet.locator('mark').allTextContents(), ['Graviton']);
    // The <script> was shown, never run or parsed.
    assert.equal(await page.locator('main script').count(), 0);
    assert.notEqual(await page.title(), 'pwned');
    // With the track list open: its counts are in the picture.
    await shot('search-event');
    await page.locator('details.multi[data-filter=track] > summary').click();
    assert.deepEqual(pageErrors, []);
  });

  test('a typo: the matches are shown with “did you mean”, which searches the word as spelled', async () => {
    await page.goto(`${api.baseUrl}/#/e/${NEW_EVENT}?q=gravitn`);
    await ready();
    const suggestion = page.locator('.did-you-mean a');
    // `gravitn` is one letter from `graviton` (the <script> title's word), not from `graviton4`.
    assert.deepEqual((await page.locator('.grid .card-title').allTextContents()).sort(), ['<script>document.title="pwned"</script> Graviton 보안 점검', '서버리스 운영 이야기'].sort());
    assert.equal(await suggestion.textContent(), 'Graviton');
    assert.equal(await page.locator('.did-you-mean').textContent(), '이것을 찾으셨나요? Graviton');
    await shot('search-did-you-mean');
    await suggestion.click();
    await page.waitForFunction(() => location.hash.includes('q=Graviton'));
    await ready();
    assert.equal(await page.locator('.did-you-mean').isHidden(), true);
    assert.equal(await page.locator('.grid .card-title').count(), 3, 'graviton finds Graviton4 by its prefix too');
  });

  test('the header’s search box searches every event; each hit names its event and opens its session', async () => {
    await page.goto(`${api.baseUrl}/#/`);
    const box = page.getByRole('searchbox', { name: '모든 행사에서 검색' });
    await box.fill('graviton');
    await box.press('Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/search?q=graviton'));
    await page.locator('.search-hit').first().waitFor();
    const hits = await page.locator('.search-hit').evaluateAll((items) => items.map((item) => `${(item as HTMLElement).dataset.event}/${(item as HTMLElement).dataset.session}`));
    // Titles first (the newer event first), then the abstract's match.
    assert.deepEqual(hits, [`${NEW_EVENT}/graviton-cost`, `${NEW_EVENT}/xss-title`, `${EVENT_ID}/graviton-2024`, `${NEW_EVENT}/serverless-ops`]);
    assert.deepEqual(await page.locator('.search-hit .hit-event').allTextContents(), ['Cloud Week 2025', 'Cloud Week 2025', 'AWS Summit Seoul 2024 (E2E)', 'Cloud Week 2025']);
    assert.equal(await page.locator('.count').textContent(), '4개 세션');
    assert.equal(await page.locator('.search-hit', { hasText: 'pwned' }).locator('.card-title').textContent(), '<script>document.title="pwned"</script> Graviton 보안 점검');
    assert.equal(await page.locator('main script').count(), 0);
    assert.equal(await box.inputValue(), 'graviton');
    await shot('search-everywhere');

    await page.locator('.search-hit', { hasText: 'Graviton 첫걸음' }).getByRole('link').click();
    await page.waitForFunction((path) => location.hash === path, `#/e/${EVENT_ID}/s/graviton-2024`);
    await page.getByRole('heading', { name: 'Graviton 첫걸음' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
