/**
 * The timetable at a real summit's size, in headless Chromium at 1440×900
 * and 375×812: 600 sessions in 40 rooms and 30 tracks (generated from a
 * fixed seed, loaded through the API once for the whole file), and the
 * small sample catalogue beside it. Screenshots go to test-results/.
 * The viewer sits in Berlin, so the event's zone (Seoul) and theirs differ.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../local/build-web';
import { loadSampleCatalogue } from '../../local/sample-catalogue';
import { startTestApi, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, tabSignedInAs, type Browser } from '../support/browser';
import { createSummitCatalogue, HALL_KEYNOTES, OPENING_KEYNOTE, SUMMIT_DAY, SUMMIT_ID, SUMMIT_SESSIONS, summitCatalogue } from '../support/summit-catalogue';
import { cardBoxes, overlaps, unreadable } from '../support/timetable-checks';

const RESULTS = new URL('../../test-results/', import.meta.url);
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };
const SAMPLE_EVENT = 'aws-summit-seoul-2024';
const PPM = 2.4; // --ppm in web/base.css

describe('the timetable at a summit’s size', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const dayUrl = (query = '') => `${api.baseUrl}/#/e/${SUMMIT_ID}?day=${SUMMIT_DAY}${query}`;
  const sampleUrl = () => `${api.baseUrl}/#/e/${SAMPLE_EVENT}`;
  const ready = () => page.locator('.results[data-state=ready]').waitFor();
  /** A fresh load of the page (goto to the address already shown would change nothing). */
  const open = async (url = dayUrl()) => {
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await ready();
  };
  /** The first screen as a visitor sees it: scrolled to the top, the pointer on nothing. */
  const screenshot = async (name: string) => {
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: new URL(name, RESULTS).pathname });
  };

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    api = await startTestApi();
    const importing = performance.now();
    // One after the other: DynamoDB Local runs one transaction at a time, and an import waiting behind another timed out
    // (its items rejected, the file failed, and a browser started beside it was never closed).
    await createSummitCatalogue(api);
    await loadSampleCatalogue(api.baseUrl, api.adminToken);
    process.stdout.write(`catalogues loaded through the API in ${Math.round(performance.now() - importing)} ms\n`);
    browser = await launchBrowser({ timezoneId: 'Europe/Berlin' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await api?.close();
  });

  // First, on fresh loads; the tests after it go on from the page it leaves, reloading only where that is the point.
  test('render time of 600 sessions on a desktop, three fresh loads, from performance marks in the page (printed, not asserted)', async (t) => {
    await page.setViewportSize(DESKTOP);
    const runs: { render: number; toPaint: number; fetch: number }[] = [];
    for (let run = 0; run < 3; run++) {
      await open();
      runs.push(await page.evaluate(() => ({
        render: performance.getEntriesByName('timetable:render').at(-1)!.duration,
        toPaint: performance.getEntriesByName('timetable:to-paint').at(-1)!.duration,
        fetch: performance.getEntriesByName('timetable:fetch').at(-1)!.duration,
      })));
    }
    const median = (pick: (r: (typeof runs)[number]) => number) => runs.map(pick).sort((a, b) => a - b)[1]!.toFixed(1);
    const line = `600 sessions, 40 rooms at 1440×900: render (script: filter, layout, DOM) ${runs.map((r) => r.render.toFixed(1)).join(' / ')} ms, median ${median((r) => r.render)} ms; to the painted frame ${median((r) => r.toPaint)} ms; fetch (6 pages + speakers) ${median((r) => r.fetch)} ms`;
    t.diagnostic(line);
    process.stdout.write(`${line}\n`);
  });

  test('desktop: 600 cards, none over another, every keynote readable, hours from the first session', async () => {
    await page.setViewportSize(DESKTOP);
    assert.equal(await page.locator('.grid .card').count(), SUMMIT_SESSIONS);
    const boxes = await cardBoxes(page);
    assert.equal(boxes.length, SUMMIT_SESSIONS);
    const overlapping = overlaps(boxes);
    assert.deepEqual(overlapping.map(([a, b]) => `${a.id} × ${b.id}`), [], 'no two cards overlap');
    process.stdout.write(`desktop 1440×900: ${boxes.length} card boxes, ${overlapping.length} overlapping pairs\n`);

    // The opening keynote has the morning to itself: it spans the rooms. The halls' keynotes run beside every room: they stay in their hall.
    const opening = (await page.locator('.card', { hasText: OPENING_KEYNOTE.title }).boundingBox())!;
    assert.ok(opening.width > 2000, `the opening keynote spans the rooms (${opening.width} px)`);
    for (const { title, room } of HALL_KEYNOTES) {
      const card = page.locator('.grid .card', { hasText: title });
      const hall = (await page.locator('.room-head', { hasText: room }).boundingBox())!;
      const box = (await card.boundingBox())!;
      assert.ok(box.x >= hall.x - 1 && box.x + box.width <= hall.x + hall.width + 1, `${title} stays in ${room}`);
    }
    for (const card of await page.locator('.grid .card.keynote').all()) assert.equal(await unreadable(card, 120), undefined, (await card.textContent()) ?? '');

    assert.equal(await page.locator('.grid .hour').first().textContent(), '09:00', 'the first time label is the first session’s');
    const legend = page.locator('details.legend');
    assert.equal(await legend.getAttribute('open'), null, '30 tracks: the legend starts folded, one line');
    assert.equal(await legend.locator('summary').textContent(), '트랙 색상 (30개)');
    assert.equal(await legend.locator('li .swatch[data-pattern]').count(), 30);
    await page.locator('.grid-scroll').evaluate((grid) => grid.scrollTo(0, 0));
    await screenshot('timetable-scale-desktop.png');
  });

  test('phone: the same day as a list, none over another, the first session on the first screen', async () => {
    await page.setViewportSize(PHONE);
    await page.evaluate(() => window.scrollTo(0, 0));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
    const boxes = await cardBoxes(page);
    assert.equal(boxes.length, SUMMIT_SESSIONS);
    assert.deepEqual(overlaps(boxes).map(([a, b]) => `${a.id} × ${b.id}`), []);
    const first = boxes.reduce((top, box) => (box.y < top.y ? box : top));
    assert.ok(first.y + 40 < PHONE.height, `the first card starts at ${first.y} px, below the first screen`);
    for (const card of await page.locator('.grid .card.keynote').all()) assert.equal(await unreadable(card, 300), undefined, (await card.textContent()) ?? '');
    await screenshot('timetable-scale-phone.png');
  });

  test('the grid scrolls under sticky room headers and a sticky time column; a short card shows all of it on focus', async () => {
    await page.setViewportSize(DESKTOP);
    const grid = page.locator('.grid-scroll');
    await grid.evaluate((element) => element.scrollTo(900, 700));
    const frame = (await grid.boundingBox())!;
    const head = (await page.locator('.room-head').first().boundingBox())!;
    const corner = (await page.locator('.grid .corner').boundingBox())!;
    assert.ok(Math.abs(head.y - frame.y) <= 2, `room headers stay at the top (${head.y} vs ${frame.y})`);
    assert.ok(Math.abs(corner.x - frame.x) <= 2 && Math.abs(corner.y - frame.y) <= 2, 'the corner stays');
    const label = page.locator('.grid .hour', { hasText: '13:00' });
    const labelBox = (await label.boundingBox())!;
    assert.ok(labelBox.x >= frame.x && labelBox.x < frame.x + 70, `time labels stay at the left (${labelBox.x})`);
    // To the last room too (past the width of the grid's box, where a sticky column used to let go).
    await grid.evaluate((element) => element.scrollTo(element.scrollWidth, 700));
    for (const sticky of [page.locator('.grid .corner'), label]) {
      const box = (await sticky.boundingBox())!;
      assert.ok(Math.abs(box.x - frame.x) <= 2 || (box.x >= frame.x && box.x < frame.x + 70), `still at the left at the far right (${box.x} vs ${frame.x})`);
    }
    await grid.evaluate((element) => element.scrollTo(900, 700));

    // A 15-minute talk: cut at rest, whole when the keyboard reaches it.
    const fifteen = summitCatalogue().sessions.find((s) => s.room && Date.parse(String(s.endsAt)) - Date.parse(String(s.startsAt)) === 15 * 60_000)!;
    const short = page.locator(`.grid .card:has(a[href$="/s/${fifteen.id}"])`);
    await short.scrollIntoViewIfNeeded();
    const cut = () => short.evaluate((card) => {
      const last = card.querySelector('.card-speakers') ?? card.querySelector('.card-title')!;
      return last.getBoundingClientRect().bottom > card.getBoundingClientRect().bottom + 1;
    });
    assert.equal(await cut(), true, 'a 15-minute card cannot hold its title and speakers at rest');
    await short.locator('.card-link').focus();
    assert.equal(await cut(), false, 'focused, it shows title and speakers whole');
    assert.equal(await unreadable(short, 120), undefined, 'and nothing covers it');
  });

  test('filters for track, level, type and room round-trip through the address (desktop, then the same link on a phone)', async () => {
    // Two of each (one type); the rooms are two that have sessions passing the rest, so the answer is never empty.
    const chosen = { track: ['AI/ML', '데이터'], level: ['300', '400'], type: ['breakout'], room: [] as string[] };
    const passing = summitCatalogue().sessions.filter((s) => chosen.track.includes(String(s.track)) && chosen.level.includes(String(s.level)) && chosen.type.includes(String(s.type)));
    chosen.room = [...new Set(passing.map((s) => String(s.room)))].slice(0, 2);
    const expected = passing.filter((s) => chosen.room.includes(String(s.room))).map((s) => `#/e/${SUMMIT_ID}/s/${s.id}`).sort();
    assert.ok(expected.length >= 2, 'the seed gives some sessions for these filters');
    await page.setViewportSize(DESKTOP);
    const names: Record<string, string> = { track: '트랙', level: '난이도', type: '유형', room: '방' };
    const typeNames: Record<string, string> = { breakout: '일반 세션' };
    for (const [filter, values] of Object.entries(chosen)) {
      if (filter === 'level') {
        // Two tracks: the legend opens by itself on a wide screen; folded by the reader, it stays folded while the filters change.
        assert.equal(await page.locator('details.legend li').allTextContents().then((t) => t.join(',')), 'AI/ML,데이터');
        assert.equal(await page.locator('details.legend').getAttribute('open'), '');
        await page.locator('details.legend > summary').click();
      }
      await page.locator(`details.multi[data-filter="${filter}"] > summary`).click();
      for (const value of values) await page.getByRole('checkbox', { name: typeNames[value] ?? value, exact: true }).check();
      if (filter === 'track') await screenshot('timetable-filter-open.png');
      await page.keyboard.press('Escape');
    }
    await ready();
    assert.equal(await page.locator('details.legend').getAttribute('open'), null);
    const shownIds = async () => (await cardBoxes(page)).map((b) => b.id).sort();
    assert.deepEqual(await shownIds(), expected);
    const query = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    for (const [filter, values] of Object.entries(chosen)) assert.deepEqual(query.getAll(filter), values, filter);
    assert.equal(await page.locator('details.multi[data-filter="track"] .multi-count').textContent(), ' 2개');

    // The address alone restores the view, on another screen too.
    const shared = page.url();
    await page.goto(`${api.baseUrl}/`);
    await page.setViewportSize(PHONE);
    await page.goto(shared);
    await ready();
    assert.deepEqual((await cardBoxes(page)).map((b) => b.id).sort(), expected);
    for (const [filter, values] of Object.entries(chosen)) {
      const ticked = await page.locator(`details.multi[data-filter="${filter}"] input:checked`).evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
      assert.deepEqual(ticked.sort(), [...values].sort(), filter);
    }
    await page.getByRole('button', { name: '필터 지우기' }).click();
    await page.waitForFunction(() => !location.hash.includes('track='));
    assert.equal(await page.locator('.grid .card').count(), SUMMIT_SESSIONS);
  });

  test('the zone switch shows the viewer’s clock instead of the event’s, and says which it is', async () => {
    await page.setViewportSize(DESKTOP);
    const opening = page.locator('.grid .card', { hasText: OPENING_KEYNOTE.title }).locator('.card-time');
    const labels = async () => [await page.locator('.grid .hour').first().textContent(), await page.locator('.grid .corner').textContent(), await opening.textContent()];
    assert.deepEqual(await labels(), ['09:00', 'GMT+9', '09:00–10:00']);
    assert.equal(await page.getByRole('radio', { name: '행사 현지 Asia/Seoul (GMT+9)' }).isChecked(), true);
    await page.getByRole('radio', { name: '내 위치 Europe/Berlin (GMT+2)' }).check();
    await ready();
    assert.deepEqual(await labels(), ['02:00', 'GMT+2', '02:00–03:00']);
    await page.setViewportSize(PHONE);
    assert.equal(await page.locator('.grid .card-time').first().textContent(), '02:00–03:00');
    // A phone shows the offsets only, so that both choices fit on one line.
    await page.getByRole('radio', { name: '행사 현지 (GMT+9)' }).check();
    await ready();
    assert.equal(await page.locator('.grid .card-time').first().textContent(), '09:00–10:00');
  });

  test('rooms can be hidden and reordered, and the choice is still there after a reload', async () => {
    await page.setViewportSize(DESKTOP);
    await page.locator('.room-settings > summary').click();
    await page.getByRole('checkbox', { name: 'Hall B', exact: true }).uncheck();
    await page.getByRole('button', { name: 'Hall D 앞으로' }).click();
    await screenshot('timetable-rooms-open.png');
    const heads = async () => (await page.locator('.room-head').allTextContents()).slice(0, 4);
    assert.deepEqual(await heads(), ['Hall A', 'Hall D', 'Hall C', 'Room 201']);
    await page.reload();
    await ready();
    assert.deepEqual(await heads(), ['Hall A', 'Hall D', 'Hall C', 'Room 201']);
    assert.match((await page.locator('.count').textContent())!, /숨긴 방 1개/);
    assert.equal(await page.locator('.grid .card .card-room', { hasText: /^Hall B/ }).count(), 0);
    await page.locator('.room-settings > summary').click();
    await page.getByRole('button', { name: '모두 보이기, 기본 순서' }).click();
    assert.deepEqual(await heads(), ['Hall A', 'Hall B', 'Hall C', 'Hall D']);
  });

  test('dark mode follows the system and a switch in the header, which is kept', async () => {
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const theme = () => page.evaluate(() => [document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor]);
    assert.deepEqual(await theme(), ['dark', 'rgb(22, 25, 29)'], 'the page follows the system as it changes');
    await screenshot('timetable-scale-dark.png');
    // The switch and its memory on the small sample: reloading 600 sessions would prove nothing more.
    await open(sampleUrl());
    const toggle = page.getByRole('button', { name: '어두운 화면' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    assert.deepEqual(await theme(), ['light', 'rgb(255, 255, 255)']);
    await page.reload();
    await ready();
    assert.deepEqual(await theme(), ['light', 'rgb(255, 255, 255)'], 'the choice outlives a reload');
    await page.getByRole('button', { name: '어두운 화면' }).click();
    assert.equal(await page.evaluate(() => localStorage.getItem('catalogue.theme')), null, 'back to the system’s choice, nothing kept');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    assert.deepEqual(await theme(), ['light', 'rgb(255, 255, 255)'], 'and it follows the system again');
  });

  test('the small sample: time labels start at its first session', async () => {
    await page.setViewportSize(DESKTOP);
    await open(sampleUrl());
    assert.equal(await page.locator('.grid .hour').first().textContent(), '09:30');
    assert.deepEqual(overlaps(await cardBoxes(page)), []);
    await screenshot('timetable-sample-desktop.png');
    await page.setViewportSize(PHONE);
    await screenshot('timetable-sample-phone.png');
  });

  test('while the day loads there are skeletons; a failure says so in Korean, without the server’s English, and retries', async () => {
    await page.setViewportSize(PHONE);
    const sessions = `**/events/${SAMPLE_EVENT}/sessions?*`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(sessions, async (route) => (await held, route.fallback()));
    await page.reload(); // the sample's page, from the test before; its list requests are held
    await page.locator('.results[data-state=loading] .skeleton-card').first().waitFor();
    assert.equal(await page.locator('.grid .card').count(), 0);
    release();
    await ready();
    await page.unroute(sessions);

    await page.route(sessions, (route) =>
      route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Internal Server Error', detail: 'DynamoDB said ProvisionedThroughputExceeded' }) }));
    await page.reload();
    const failure = page.locator('.results[data-state=error] .load-error');
    await failure.waitFor();
    const said = (await failure.textContent())!;
    assert.match(said, /시간표를 불러오지 못했습니다\. 문제가 생겼습니다 \(500\)/);
    assert.doesNotMatch(said, /DynamoDB|Internal|Provisioned/);
    assert.equal(await page.locator('.room-settings').isVisible(), false, 'no room settings without a day (nor for a day without rooms)');
    await screenshot('timetable-error-phone.png');
    await page.unroute(sessions);
    await failure.getByRole('button', { name: '다시 시도' }).click();
    await ready();
    assert.equal(await page.locator('.grid .card').count(), 6, 'the sample day’s six sessions');
  });

  // Last: the fixed clock stays with the browser for the rest of the file.
  test('during the day: a "now" line across the grid, and "now and next" on a phone', async () => {
    const now = Date.parse(`${SUMMIT_DAY}T11:07:00+09:00`);
    await page.clock.setFixedTime(now);
    const timed = summitCatalogue().sessions.map((s) => ({ title: String(s.title), start: Date.parse(String(s.startsAt)), end: Date.parse(String(s.endsAt)) }));
    const on = timed.filter((s) => s.start <= now && now < s.end);
    const next = Math.min(...timed.filter((s) => s.start > now).map((s) => s.start));
    await page.setViewportSize(DESKTOP);
    await open();
    const line = (await page.locator('.grid .now-line').boundingBox())!;
    const opening = (await page.locator('.grid .card', { hasText: OPENING_KEYNOTE.title }).boundingBox())!;
    assert.ok(Math.abs(line.y - opening.y - (2 * 60 + 7) * PPM) < 2, `the line is 2 h 7 min below the 09:00 keynote's top (${line.y - opening.y} px)`);
    assert.equal(await page.locator('.now-next').isVisible(), false, 'a wide screen has the line instead');

    await page.setViewportSize(PHONE);
    const nowNext = page.locator('.now-next');
    assert.equal(await nowNext.isVisible(), true);
    const lists = nowNext.locator('.card-list');
    assert.equal(await lists.nth(0).locator('.card').count(), on.length);
    assert.equal(await lists.nth(1).locator('.card').count(), timed.filter((s) => s.start === next).length);
    assert.equal(await nowNext.locator('h3').nth(1).textContent(), `다음 · ${new Date(next + 9 * 3600_000).toISOString().slice(11, 16)}`);
    assert.ok((await nowNext.boundingBox())!.y < PHONE.height, 'it is on the first screen');
    await screenshot('timetable-now-phone.png');
  });

  test('the organisers’ console draws the same 600 sessions in 40 rooms, and a card dragged there is saved (times printed, not asserted)', async (t) => {
    const organiser = await tabSignedInAs(browser, api.baseUrl, 'org-summit', { organiserOf: SUMMIT_ID, pageErrors });
    await organiser.setViewportSize(DESKTOP);
    let started = performance.now();
    await organiser.goto(`${api.baseUrl}/#/console/${SUMMIT_ID}/timetable?day=${SUMMIT_DAY}`);
    await organiser.locator('.grid .card').first().waitFor();
    const shown = performance.now() - started;
    assert.equal(await organiser.locator('.grid .card').count(), SUMMIT_SESSIONS);
    assert.equal(await organiser.locator('.grid .room-head').count(), 40);
    await organiser.screenshot({ path: new URL('console-timetable-scale.png', RESULTS).pathname });

    // A talk in Room 210 goes to Room 211, half an hour later.
    const talk = summitCatalogue().sessions.find((s) => s.room === 'Room 210' && String(s.startsAt).includes('T11:'))!;
    const card = organiser.locator(`.grid .card[data-session="${talk.id}"]`);
    await organiser.locator('.grid-scroll').evaluate((grid) => grid.scrollIntoView());
    await card.scrollIntoViewIfNeeded();
    const from = (await card.boundingBox())!;
    const column = (await organiser.locator('.grid .room-head', { hasText: 'Room 211' }).boundingBox())!;
    await organiser.mouse.move(from.x + 20, from.y + 6);
    await organiser.mouse.down();
    await organiser.mouse.move(column.x + column.width / 2, from.y + 6 + 30 * PPM, { steps: 10 });
    await organiser.screenshot({ path: new URL('console-timetable-scale-drag.png', RESULTS).pathname });
    const scrolledTo = await organiser.locator('.grid-scroll').evaluate((grid) => [grid.scrollLeft, grid.scrollTop]);
    started = performance.now();
    await organiser.mouse.up();
    await organiser.locator('.grid .card.pending').waitFor();
    const pending = performance.now() - started;
    await organiser.locator('.message.ok', { hasText: '(버전 2)' }).waitFor();
    const saved = performance.now() - started;
    assert.deepEqual(await organiser.locator('.grid-scroll').evaluate((grid) => [grid.scrollLeft, grid.scrollTop]), scrolledTo, 'drawn again, the grid stays scrolled where it was');
    const after = (await api.call('GET', `/events/${SUMMIT_ID}/sessions/${talk.id}`)).body;
    assert.equal(after.room, 'Room 211');
    assert.equal(Date.parse(after.startsAt) - Date.parse(String(talk.startsAt)), 30 * 60_000);
    assert.equal(Date.parse(after.endsAt) - Date.parse(after.startsAt), Date.parse(String(talk.endsAt)) - Date.parse(String(talk.startsAt)), 'its length kept');

    // Held at the grid's right edge, a card scrolls the grid to rooms that were off screen, and lands in one of them at its own time.
    const far = summitCatalogue().sessions.find((s) => s.room === 'Room 209' && String(s.startsAt).includes('T10:'))!;
    const farCard = organiser.locator(`.grid .card[data-session="${far.id}"]`);
    const scroller = organiser.locator('.grid-scroll');
    const frame = (await scroller.boundingBox())!;
    const visibleBefore = await organiser.locator('.grid .room-head').evaluateAll((heads, right) => heads.filter((h) => h.getBoundingClientRect().left < right).map((h) => h.textContent), frame.x + frame.width);
    const scrolledBefore = await scroller.evaluate((grid) => grid.scrollLeft);
    const grabbed = (await farCard.boundingBox())!;
    await organiser.mouse.move(grabbed.x + 20, grabbed.y + 6);
    await organiser.mouse.down();
    await organiser.mouse.move(frame.x + frame.width - 10, grabbed.y + 6, { steps: 10 });
    await organiser.waitForFunction((from) => document.querySelector('.grid-scroll')!.scrollLeft > from + 1500, scrolledBefore);
    const middle = frame.x + frame.width / 2;
    await organiser.mouse.move(middle, grabbed.y + 6, { steps: 3 });
    const landing = await organiser.locator('.grid .room-head').evaluateAll((heads, x) => heads.find((h) => h.getBoundingClientRect().left <= x && h.getBoundingClientRect().right > x)!.textContent, middle);
    await organiser.mouse.up();
    await organiser.locator('.message.ok', { hasText: String(far.title) }).waitFor();
    assert.ok(landing && !visibleBefore.includes(landing), `${landing} was off screen (${visibleBefore.join(', ')})`);
    const landed = (await api.call('GET', `/events/${SUMMIT_ID}/sessions/${far.id}`)).body;
    assert.deepEqual([landed.room, Date.parse(landed.startsAt)], [landing, Date.parse(String(far.startsAt))]);
    t.diagnostic(`console timetable, 600 sessions in 40 rooms: shown ${shown.toFixed(0)} ms after the address; a drop drawn pending in ${pending.toFixed(0)} ms, saved and drawn again in ${saved.toFixed(0)} ms`);
    await organiser.close();
  });

  test('no script errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
