/**
 * The timetable in headless Chromium against a real local server (its own
 * table) serving the built page: the biggest day as a grid, filters and
 * Korean search mirrored in the hash, session and speaker pages, the
 * language switch and the keyboard. Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../local/build-web';
import { startTestApi, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, type Browser } from '../support/browser';
import { BIG_DAY, createWebCatalogue, EVENT_ID, ROOMS, SMALL_DAY } from '../support/web-catalogue';

const RESULTS = new URL('../../test-results/', import.meta.url);
const PPM = 2.4; // --ppm in web/base.css

describe('timetable in the browser', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const dayUrl = (query = `day=${BIG_DAY}`) => `${api.baseUrl}/#/e/${EVENT_ID}?${query}`;
  const ready = () => page.locator('.results[data-state=ready]').waitFor();
  const cardTitles = () => page.locator('.grid .card-title').allTextContents();

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    api = await startTestApi();
    await createWebCatalogue(api);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await api?.close();
  });

  test('the biggest day is a grid: 12 rooms, sessions at their real times, the keynote across every room, unscheduled below', async (t) => {
    await page.goto(dayUrl());
    await ready();
    assert.deepEqual(await page.locator('.room-head').allTextContents(), ROOMS);
    assert.equal(await page.locator('.grid .card').count(), 121);
    assert.equal(await page.locator('.count').textContent(), '세션 121개');

    // Placed by time: 11:00 and 11:50 in Room 101 are 50 minutes apart; a 40-minute session is 40 minutes tall.
    const first = (await page.locator('.card', { hasText: '(Room 101, 1부)' }).boundingBox())!;
    const second = (await page.locator('.card', { hasText: '(Room 101, 2부)' }).boundingBox())!;
    assert.ok(Math.abs(second.y - first.y - 50 * PPM) < 2, `${second.y - first.y}`);
    assert.ok(Math.abs(first.height - (40 * PPM - 2)) < 2, `${first.height}`);
    // …in its room's column.
    const room101 = (await page.locator('.room-head', { hasText: 'Room 101' }).boundingBox())!;
    assert.ok(first.x >= room101.x && first.x + first.width <= room101.x + room101.width + 1);

    // The keynote spans from the first room's column to the last.
    const keynote = (await page.locator('.card.keynote').boundingBox())!;
    const lastRoom = (await page.locator('.room-head', { hasText: 'Room 112' }).boundingBox())!;
    assert.ok(keynote.x <= room101.x + 3 && keynote.x + keynote.width >= lastRoom.x + lastRoom.width - 3);

    await page.locator('.unscheduled .card', { hasText: '라이트닝 토크' }).waitFor();
    assert.deepEqual(await page.locator('.legend li').allTextContents(), ['AI/ML', 'DevOps, Cloud', '서버리스', '데이터', '보안', '금융/핀테크']);

    // Render timing, measured in the page (performance marks around fetch and render) on a fresh load.
    await page.reload();
    await ready();
    // A string, not a function: tsx would wrap a named arrow function in a helper the page does not have.
    const timing = (await page.evaluate(`({
      fetch: performance.getEntriesByName('timetable:fetch').at(-1).duration,
      render: performance.getEntriesByName('timetable:render').at(-1).duration,
      firstView: performance.getEntriesByName('timetable:first-view').at(-1).duration,
      sinceNavigation: performance.getEntriesByName('timetable:painted').at(-1).startTime,
    })`)) as { fetch: number; render: number; firstView: number; sinceNavigation: number };
    const line = `biggest day (121 sessions, 12 rooms): fetch ${timing.fetch.toFixed(0)} ms, render ${timing.render.toFixed(1)} ms, first view ${timing.firstView.toFixed(0)} ms after the route started, ${timing.sinceNavigation.toFixed(0)} ms after navigation`;
    t.diagnostic(line);
    process.stdout.write(`${line}\n`);
    writeFileSync(new URL('timetable-timing.json', RESULTS), JSON.stringify(timing, null, 2));
    assert.ok(timing.render < 200, `rendering 121 sessions took ${timing.render} ms`);

    await page.screenshot({ path: new URL('timetable-desktop.png', RESULTS).pathname, fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    // Usable on a phone: a time-ordered list, nothing wider than the screen.
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
    await page.screenshot({ path: new URL('timetable-phone-top.png', RESULTS).pathname });
    await page.locator('#timetable-heading').evaluate((heading) => heading.scrollIntoView());
    await page.screenshot({ path: new URL('timetable-phone.png', RESULTS).pathname });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('filters by track and day; the hash carries them, so the link restores the view', async () => {
    await page.goto(dayUrl());
    await ready();
    await page.locator('details.multi[data-filter=track] > summary').click();
    await page.getByRole('checkbox', { name: 'AI/ML', exact: true }).check();
    await page.waitForFunction(() => location.hash.includes('track=AI%2FML'));
    await ready();
    const metas = await page.locator('.grid .card-meta').allTextContents();
    assert.equal(metas.length, 21); // the keynote and 20 breakouts
    assert.ok(metas.every((meta) => meta.includes('AI/ML')), metas.join('\n'));

    await page.getByRole('link', { name: /5월 17일/ }).click();
    await page.waitForFunction((day) => location.hash.includes(`day=${day}`) && location.hash.includes('track=AI%2FML'), SMALL_DAY);
    await ready();
    assert.deepEqual(await cardTitles(), ['Amazon Bedrock으로 만드는 사내 챗봇']);
    assert.equal(await page.getByRole('link', { name: /5월 17일/ }).getAttribute('aria-current'), 'page');

    const shared = page.url();
    await page.goto(`${api.baseUrl}/`);
    await page.goto(shared);
    await ready();
    // Ticked in the folded list (a folded list's boxes are not on screen, so they are found by value).
    assert.equal(await page.locator('details.multi[data-filter=track] input[value="AI/ML"]').isChecked(), true);
    assert.deepEqual(await cardTitles(), ['Amazon Bedrock으로 만드는 사내 챗봇']);
  });

  test('search as you type in Korean asks the API (debounced) and lands in the hash', async () => {
    await page.goto(dayUrl());
    await ready();
    const searches: string[] = [];
    page.on('request', (request) => request.url().includes('q=') && searches.push(decodeURIComponent(request.url())));
    await page.getByLabel('검색', { exact: true }).pressSequentially('서버리스', { delay: 40 });
    await page.waitForFunction(() => new URLSearchParams(location.hash.split('?')[1]).get('q') === '서버리스');
    await ready();
    const titles = await cardTitles();
    assert.equal(titles.length, 20);
    assert.ok(titles.every((title) => title.includes('서버리스')), titles.join('\n'));
    const daySearches = searches.filter((url) => url.includes(`day=${BIG_DAY}`));
    assert.deepEqual(daySearches.map((url) => new URL(url).searchParams.get('q')), ['서버리스'], 'one request after typing stops');
  });

  test('a session shows its speakers with role and company; the speaker page lists their sessions', async () => {
    await page.goto(dayUrl());
    await ready();
    await page.locator('.card-link', { hasText: '(Room 101, 1부)' }).click();
    await page.getByRole('heading', { level: 1, name: /서버리스 API 설계와 운영 노하우/ }).waitFor();
    assert.match((await page.locator('.facts').textContent())!, /11:00–11:40/);
    const speaker = page.locator('.speakers li').first();
    assert.match((await speaker.textContent())!, /김서연 Solutions Architect, AWS 코리아/);
    await speaker.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: '김서연' }).waitFor();
    assert.ok((await page.locator('.plain-list li').count()) >= 1);
    await page.screenshot({ path: new URL('speaker.png', RESULTS).pathname, fullPage: true });
  });

  test('English on request, Korean again; a keyboard reaches a session card and opens it', async () => {
    await page.goto(dayUrl(`day=${SMALL_DAY}`));
    await ready();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: /^Timetable for/ }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('button', { name: '한국어로 보기' }).click();
    await page.getByRole('heading', { name: /시간표$/ }).waitFor();
    // The switch renders the page again: tab only once its timetable is there, or Tab runs off the end of
    // the page and wraps round to the links above the search box.
    await ready();

    // Tab from the search box through the filters into the timetable; Enter opens the focused card.
    await page.getByLabel('검색', { exact: true }).focus();
    let focused = '';
    for (let i = 0; i < 12 && !focused.startsWith('#/e/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href') ?? '');
    }
    assert.match(focused, /#\/e\/e2e-summit\/s\//, 'a session card takes focus');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  });

  test('a talk’s url in schedule.json opens its session page', async () => {
    const conference = (await api.call('GET', `/events/${EVENT_ID}/schedule.json`)).body.schedule.conference;
    const talk = Object.values(conference.days[0].rooms as Record<string, { title: string; url: string }[]>)[0]![0]!;
    await page.goto(talk.url);
    await page.getByRole('heading', { level: 1, name: talk.title }).waitFor();
    await page.goto(conference.url);
    await ready();
  });

  test('no script errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
