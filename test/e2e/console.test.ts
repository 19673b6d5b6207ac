/**
 * The organisers' console in headless Chromium, as a new organiser uses it:
 * signed in as the organiser of an event an admin has just made, they
 * preview and import a CSV (with two bad rows) following its progress to the
 * end, fix both rejected rows from the report, edit a session while another
 * organiser's tab edits it (the conflict is shown with their version, then
 * saved over knowingly), and at the door check an attendee in by scanning
 * the QR code with the phone's camera (a fake camera showing the code) and
 * another by typing the code while offline, sent when back online. A poll
 * is opened, counted and closed from the session's console page, where
 * attendees' reviews are paged and one is hidden, as one is from the
 * event's list of every session's reviews. On the
 * console's timetable a session is dragged with the mouse to another room
 * and time, dragged after someone else moved it (their version shown,
 * nothing overwritten until asked), and moved with the keyboard's form on
 * a phone (a room the event does not list refused with the reason).
 *
 * CONSOLE_IMPORT_ROWS sets the CSV's size (200 by default, to keep `npm
 * test` short); `CONSOLE_IMPORT_ROWS=3000 TEST_TIMEOUT_MS=900000 npx tsx
 * test/run.ts test/e2e/console.test.ts` runs the same test at a summit's
 * size and prints the import's rows per second.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../local/build-web';
import { catalogueCsv } from '../support/catalogue-csv';
import { startTestApi, session, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, tabSignedInAs as signIn, type Browser } from '../support/browser';
import { writeQrVideo } from '../support/fake-camera';
import { createLiveStore } from '../../lambda/store/live-store';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { checkInTopic } from '../../lambda/store/keys';

const RESULTS = new URL('../../test-results/', import.meta.url);
const ROWS = Number(process.env.CONSOLE_IMPORT_ROWS ?? 200);
const EVENT = 'dev-day';
const ROW_6_ENGLISH = 'Row six in English';

/** The CSV with two rows broken as spreadsheets break them: a word for a number (row 6), an end before its start (row 10). */
function csvWithTwoBadRows(): { csv: string; bad: [number, number] } {
  const lines = catalogueCsv(ROWS).split('\r\n');
  // lines[0] is the header, spreadsheet row 1; lines[5] is row 6, session csv-4 (capacity 24, 13:00–13:25 for csv-8).
  const broken = (line: string, from: string, to: string) => {
    assert.ok(line.includes(from), `${from} in ${line}`);
    return line.replace(from, to);
  };
  lines[5] = broken(lines[5]!, ',24,', ',lots,');
  lines[9] = broken(lines[9]!, 'T13:25:00+09:00', 'T12:25:00+09:00');
  // A title_en column, filled on row 6 only: the fix form shows it in the English field.
  lines[0] += ',title_en';
  for (let i = 1; i < lines.length; i++) if (lines[i]) lines[i] += i === 5 ? `,${ROW_6_ENGLISH}` : ',';
  return { csv: lines.join('\r\n'), bad: [6, 10] };
}

const shot = (page: Page, name: string) => page.screenshot({ path: new URL(name, RESULTS).pathname, fullPage: true });
/** A phone-sized shot: the layout settles (two frames) after the resize before it is taken. */
async function phoneShot(page: Page, name: string): Promise<void> {
  const { width, height } = page.viewportSize()!;
  await page.setViewportSize({ width: 375, height: 812 });
  await page.evaluate(() => new Promise((settled) => requestAnimationFrame(() => requestAnimationFrame(settled))));
  await shot(page, name);
  await page.setViewportSize({ width, height });
}
/** What a phone's screen shows (a whole day's list would be metres long). */
const screenShot = (page: Page, name: string) => page.screenshot({ path: new URL(name, RESULTS).pathname });

describe('the organisers’ console', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let browser: Browser;
  let cameraDir: string;
  const pageErrors: string[] = [];
  const codes: Record<string, string> = {};
  const doc = createDocumentClient();

  const organiserTab = async (sub: string) => signIn(browser, api.baseUrl, sub, { organiserOf: EVENT, pageErrors });

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    // Live: the sessions table's counts are pushed over the live channel.
    api = await startTestApi({ live: true });
    // An admin makes the event; its organiser fills it.
    // The CSV's two days, and the days around today in Seoul, for a talk running now.
    const seoulDate = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(at);
    const now = Date.now();
    const days = [...new Set(['2024-05-16', '2024-05-17', ...[-1, 0, 1].map((d) => seoulDate(now + d * 86_400_000))])].map((date) => ({ date }));
    const made = await api.call('PUT', `/events/${EVENT}`, {
      token: api.adminToken,
      body: { name: '개발자 컨퍼런스 2024', timezone: 'Asia/Seoul', days, tracks: ['AI/ML', 'DevOps, Cloud', '금융/핀테크'] },
    });
    assert.equal(made.status, 201, made.text);
    // A talk running now, where two attendees hold seats.
    const door = await api.call('POST', `/events/${EVENT}/sessions`, {
      token: api.adminToken,
      body: session({ id: 'door-talk', title: '지금 진행 중인 세션', capacity: 10, speakerIds: [], track: 'AI/ML', startsAt: new Date(now - 10 * 60_000).toISOString(), endsAt: new Date(now + 80 * 60_000).toISOString() }),
    });
    assert.equal(door.status, 201, door.text);
    for (const who of ['jimin', 'minho']) {
      const reserved = await api.call('PUT', `/events/${EVENT}/sessions/door-talk/reservation`, { token: await api.tokenFor(who) });
      assert.equal(reserved.status, 201, reserved.text);
      codes[who] = reserved.body.checkInCode;
    }
    cameraDir = mkdtempSync(join(tmpdir(), 'camera-'));
    writeQrVideo(join(cameraDir, 'qr.y4m'), codes.jimin!);
    browser = await launchBrowser({ camera: join(cameraDir, 'qr.y4m') });
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    doc.destroy();
    rmSync(cameraDir, { recursive: true, force: true });
  });

  test('import a CSV with a preview and progress to the end, then fix its two rejected rows', async () => {
    const { csv, bad } = csvWithTwoBadRows();
    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1440, height: 900 });
    await kim.getByRole('link', { name: '운영 콘솔' }).click();
    await kim.getByRole('link', { name: '개발자 컨퍼런스 2024' }).click();
    await kim.getByRole('link', { name: 'CSV 가져오기' }).click();
    await kim.getByLabel('CSV 파일').setInputFiles({ name: 'sessions.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });

    await kim.getByRole('button', { name: '미리보기 (저장 안 함)' }).click();
    await kim.getByRole('heading', { name: '미리보기 결과' }).waitFor({ timeout: 120_000 });
    assert.equal(await kim.locator('.counts').textContent(), `가져오면 새로 ${ROWS - 2}개, 바뀜 0개, 그대로 0개, 거부 2개`);
    assert.equal((await api.call('GET', `/events/${EVENT}/sessions?limit=5`)).body.items.length, 1, 'a preview writes nothing');
    await shot(kim, 'console-import-preview.png');

    const started = performance.now();
    await kim.getByRole('button', { name: '가져오기', exact: true }).click();
    // Progress shows as it goes; the report when the job is done.
    await kim.locator('.progress-text', { hasText: /행 \(\d+%\)/ }).waitFor();
    await kim.getByRole('heading', { name: '가져오기 결과' }).waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`# console import of ${ROWS} rows: ${seconds.toFixed(1)} s, ${(ROWS / seconds).toFixed(1)} rows/s (from the click to the report)`);
    assert.equal(await kim.locator('.progress-text').textContent().then((t) => t!.split(' · ')[0]), `${ROWS.toLocaleString('ko-KR')} / ${ROWS.toLocaleString('ko-KR')}행 (100%)`);
    assert.equal(await kim.locator('.counts').textContent(), `새로 ${ROWS - 2}개, 바뀜 0개, 그대로 0개, 거부 2개`);
    const rejected = kim.locator('.rejected-rows tbody tr');
    assert.deepEqual(await rejected.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-row')))), bad);
    assert.match((await rejected.nth(0).textContent())!, /capacity: must be a whole number, not "lots"/);
    await shot(kim, 'console-import-report.png');

    // Row 6: the capacity the file got wrong.
    await rejected.nth(0).getByRole('link', { name: '이 행 고치기' }).click();
    await kim.getByText('CSV 6행을 고치는 중입니다').waitFor();
    const firstId = `csv-${bad[0] - 2}`;
    assert.equal(await kim.getByLabel('세션 ID').inputValue(), firstId);
    assert.match(await kim.getByLabel('제목 (ko)').inputValue(), /#4$/);
    assert.equal(await kim.getByLabel('제목 (en)').inputValue(), ROW_6_ENGLISH, 'the title_en column is in the English field');
    await kim.getByLabel('좌석 수').fill('40');
    await kim.getByRole('button', { name: '세션 만들기' }).click();
    await kim.waitForURL(new RegExp(`#/console/${EVENT}/sessions/${firstId}$`));
    const fixedRow = (await api.call('GET', `/events/${EVENT}/sessions/${firstId}?lang=en`)).body;
    assert.deepEqual([fixedRow.capacity, fixedRow.title], [40, ROW_6_ENGLISH]);

    // Row 10: its end before its start; the form marks the field the server named.
    await kim.goBack();
    await kim.waitForURL(/fix=/);
    await kim.goBack();
    await kim.locator('.rejected-rows').waitFor();
    await kim.locator('.rejected-rows tbody tr').nth(1).getByRole('link', { name: '이 행 고치기' }).click();
    const secondId = `csv-${bad[1] - 2}`;
    await kim.getByText('CSV 10행을 고치는 중입니다').waitFor();
    assert.equal(await kim.locator('[aria-invalid="true"]').getAttribute('name'), 'endsAt');
    await shot(kim, 'console-fix-row.png');
    const starts = await kim.getByLabel('시작').inputValue();
    await kim.getByLabel('종료').fill(starts.replace(/T(\d\d):(\d\d)$/, (_, h: string, m: string) => `T${h}:${m === '00' ? '25' : '55'}`));
    await kim.getByRole('button', { name: '세션 만들기' }).click();
    await kim.waitForURL(new RegExp(`#/console/${EVENT}/sessions/${secondId}$`));
    const fixed = (await api.call('GET', `/events/${EVENT}/sessions/${secondId}`)).body;
    assert.equal(Date.parse(fixed.endsAt) - Date.parse(fixed.startsAt), 25 * 60_000);
    await kim.close();
  });

  test('an edit made while another organiser saved first shows their version, and is saved over it only when asked', async () => {
    const kim = await organiserTab('org-kim');
    const lee = await organiserTab('org-lee');
    for (const tab of [kim, lee]) {
      await tab.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/csv-0`);
      await tab.getByLabel('제목 (ko)').waitFor();
    }
    const before = (await api.call('GET', `/events/${EVENT}/sessions/csv-0`)).body;
    await lee.getByLabel('제목 (ko)').fill('이 씨가 고친 제목');
    await lee.getByRole('button', { name: '저장' }).click();
    await lee.getByText(`저장했습니다 (버전 ${before.version + 1})`).waitFor();

    await kim.getByLabel('발표장').fill('Hall A');
    await kim.getByRole('button', { name: '저장' }).click();
    const conflict = kim.locator('.conflict');
    await conflict.getByRole('heading', { name: '누군가 이 세션을 먼저 바꿨습니다' }).waitFor();
    assert.equal(await conflict.locator('tr[data-field="title.ko"] td').first().textContent(), '이 씨가 고친 제목', 'their title is shown');
    assert.equal(await conflict.locator('tr[data-field="room"] td').nth(1).textContent(), 'Hall A', 'beside my room');
    assert.equal((await api.call('GET', `/events/${EVENT}/sessions/csv-0`)).body.room, before.room, 'nothing saved over them yet');
    await kim.setViewportSize({ width: 375, height: 812 });
    await shot(kim, 'console-conflict-phone.png');
    await kim.setViewportSize({ width: 1440, height: 900 });
    await shot(kim, 'console-conflict.png');

    await conflict.getByRole('button', { name: '내 변경으로 덮어쓰기' }).click();
    await kim.locator('.session-form .message.ok', { hasText: `저장했습니다 (버전 ${before.version + 2})` }).waitFor();
    assert.ok(await kim.locator('.conflict').isHidden(), 'the conflict is settled');
    const after = (await api.call('GET', `/events/${EVENT}/sessions/csv-0`)).body;
    assert.deepEqual([after.title, after.room, after.version], ['이 씨가 고친 제목', 'Hall A', before.version + 2], 'their title kept, my room saved');
    await kim.close();
    await lee.close();
  });

  test('a poll opened from the console counts the votes as they come and closes', async () => {
    const kim = await organiserTab('org-kim');
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/door-talk`);
    await kim.getByLabel('질문').fill('오늘 세션 어땠나요?');
    await kim.getByLabel('선택지').fill('좋아요\n보통이에요\n');
    await kim.getByRole('button', { name: '설문 시작' }).click();
    const poll = kim.locator('.poll-admin', { hasText: '오늘 세션 어땠나요?' });
    await poll.getByText('진행 중').waitFor();
    const pollId = await poll.getAttribute('data-poll');
    for (const [who, option] of [['jimin', 0], ['minho', 0]] as const) {
      const voted = await api.call('PUT', `/events/${EVENT}/sessions/door-talk/polls/${pollId}/vote`, { token: await api.tokenFor(who), body: { option } });
      assert.equal(voted.status, 200, voted.text);
    }
    // The console's own refresh brings the votes in.
    await poll.getByText('모두 2표').waitFor({ timeout: 15_000 });
    assert.equal(await poll.locator('li').first().textContent(), '좋아요: 2표');
    await poll.getByRole('button', { name: '마감' }).click();
    await poll.getByText('마감됨').waitFor();
    const refused = await api.call('PUT', `/events/${EVENT}/sessions/door-talk/polls/${pollId}/vote`, { token: await api.tokenFor('jimin'), body: { option: 1 } });
    assert.equal(refused.status, 409, 'a closed poll takes no votes');
    await kim.close();
  });

  test('reviews on the session’s console page: attendees’ reviews newest first, a page and "more", and one hidden leaves the panel, the summary and the public list', async () => {
    const reviewsPath = `/events/${EVENT}/sessions/door-talk/reviews`;
    // Twelve attendees, one after another (newest first is then known): more than the panel's page of ten.
    const written: { id: string; rating: number; text: string }[] = [];
    for (let i = 1; i <= 12; i++) {
      const body = { rating: (i % 5) + 1, text: i === 12 ? '' : `후기 ${i}번: 발표 잘 들었습니다` };
      const put = await api.call('PUT', `${reviewsPath}/me`, { token: await api.tokenFor(`reviewer-${i}`), body });
      assert.ok(put.status === 200 || put.status === 201, put.text);
      written.unshift({ id: put.body.id, ...body });
    }
    const average = (rows: typeof written) => (rows.reduce((sum, r) => sum + r.rating, 0) / rows.length).toLocaleString('ko-KR', { maximumFractionDigits: 1 });
    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1280, height: 900 });
    kim.on('dialog', (dialog) => void dialog.accept());
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/door-talk`);
    const panel = kim.getByRole('region', { name: '후기' });
    await panel.getByText(`평균 ${average(written)}점 · 후기 12개`).waitFor();
    const rows = panel.locator('li[data-review]');
    await rows.nth(9).waitFor();
    assert.deepEqual(await rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-review'))), written.slice(0, 10).map((r) => r.id), 'the newest ten first');
    await panel.getByRole('button', { name: '후기 더 보기' }).click();
    await rows.nth(11).waitFor();
    assert.deepEqual(await rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-review'))), written.map((r) => r.id), 'the next page follows');
    assert.equal(await panel.getByRole('button', { name: '후기 더 보기' }).isHidden(), true, 'no more after the last page');
    assert.equal(await rows.first().locator('.stars').getAttribute('aria-label'), `별 ${written[0]!.rating}개`);
    await shot(kim, 'console-session-reviews.png');
    // On a phone, the panel itself (the whole page is metres long there).
    await kim.setViewportSize({ width: 375, height: 812 });
    await panel.screenshot({ path: new URL('console-session-reviews-phone.png', RESULTS).pathname });

    // Hide the second newest (it has text): asked first, then its row goes and the summary is the server's again.
    const hidden = written[1]!;
    await rows.filter({ hasText: hidden.text }).getByRole('button', { name: /^숨기기/ }).click();
    await panel.getByText('후기를 숨겼습니다.').waitFor();
    const left = written.filter((r) => r !== hidden);
    await panel.getByText(`평균 ${average(left)}점 · 후기 11개`).waitFor();
    assert.equal(await rows.count(), 11);
    assert.equal(await panel.getByText(hidden.text).count(), 0);
    const publicList = await api.call('GET', `${reviewsPath}?limit=25`);
    assert.equal(publicList.status, 200, publicList.text);
    assert.deepEqual(publicList.body.items.map((r: { id: string }) => r.id), left.map((r) => r.id), 'gone from the public list too');
    assert.equal(publicList.body.summary.count, 11);
    await kim.close();
  });

  test('the event’s reviews: every session’s newest first under its linked title, paged, and one hidden from there', async () => {
    const staff = { token: api.adminToken };
    // The imported sessions took place in 2024: one of them is reviewed last, so it comes first.
    const csvTitle = (await api.call('GET', `/events/${EVENT}/sessions/csv-1`)).body.title as string;
    const put = await api.call('PUT', `/events/${EVENT}/sessions/csv-1/reviews/me`, { token: await api.tokenFor('reviewer-csv'), body: { rating: 1, text: '음향이 너무 작았어요' } });
    assert.equal(put.status, 201, put.text);
    const all: string[] = [];
    for (let cursor = ''; ;) {
      const page = await api.call('GET', `/events/${EVENT}/reviews?limit=100${cursor}`, staff);
      all.push(...page.body.items.map((r: { id: string }) => r.id));
      if (!page.body.nextCursor) break;
      cursor = `&cursor=${encodeURIComponent(page.body.nextCursor)}`;
    }
    assert.equal(all[0], put.body.id);
    assert.ok(all.length > 10, `${all.length} visible reviews: more than a page`);

    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1280, height: 900 });
    kim.on('dialog', (dialog) => void dialog.accept());
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions`);
    await kim.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link', { name: '후기' }).click();
    const rows = kim.locator('li[data-review]');
    await rows.nth(9).waitFor();
    const shown = () => rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-review')));
    assert.deepEqual(await shown(), all.slice(0, 10), 'the newest ten, across sessions');
    const first = rows.first();
    assert.equal(await first.getByRole('link').textContent(), csvTitle);
    assert.equal(await first.getByRole('link').getAttribute('href'), `#/console/${EVENT}/sessions/csv-1`);
    assert.equal(await rows.nth(1).getByRole('link').textContent(), '지금 진행 중인 세션');
    await kim.getByRole('button', { name: '후기 더 보기' }).click();
    await rows.nth(10).waitFor();
    assert.deepEqual(await shown(), all.slice(0, 20));
    await shot(kim, 'console-event-reviews.png');
    await kim.setViewportSize({ width: 375, height: 812 });
    await screenShot(kim, 'console-event-reviews-phone.png');

    await first.getByRole('button', { name: /^숨기기/ }).click();
    await kim.getByText('후기를 숨겼습니다.').waitFor();
    assert.deepEqual(await shown(), all.slice(1, 20), 'its row went');
    assert.deepEqual((await api.call('GET', `/events/${EVENT}/sessions/csv-1/reviews`)).body.items, [], 'gone from the public list');
    assert.equal((await api.call('GET', `/events/${EVENT}/reviews?limit=1`, staff)).body.items[0].id, all[1], 'and from the event’s');
    // The title leads to the session's console page, with its own reviews panel.
    await rows.first().getByRole('link').click();
    await kim.getByRole('region', { name: '후기' }).getByText('후기 11개', { exact: false }).waitFor();
    await kim.close();
  });

  test('a webhook added from the console shows its secret once, then lists with no delivery yet, and is removed', async () => {
    const kim = await organiserTab('org-kim');
    kim.on('dialog', (dialog) => void dialog.accept());
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/webhooks`);
    await kim.getByText('웹훅이 없습니다.').waitFor();
    await kim.getByLabel('웹훅 ID').fill('site-rebuild');
    await kim.getByLabel('받을 주소').fill('http://127.0.0.1:9/hook');
    await kim.getByRole('button', { name: '웹훅 추가' }).click();
    const secret = (await kim.locator('.secret-once code').textContent())!;
    assert.match(secret, /^whsec_/);
    const row = kim.locator('tr[data-webhook="site-rebuild"]');
    assert.equal(await row.locator('td').nth(1).textContent(), '아직 배송 없음');
    // An internal address is refused, naming the field, and nothing is added.
    await kim.getByLabel('웹훅 ID').fill('internal');
    await kim.getByLabel('받을 주소').fill('http://169.254.169.254/latest');
    await kim.getByRole('button', { name: '웹훅 추가' }).click();
    await kim.locator('.field-error').first().waitFor();
    assert.equal(await kim.getByLabel('받을 주소').getAttribute('aria-invalid'), 'true');
    await shot(kim, 'console-webhooks.png');
    await row.getByRole('button', { name: '삭제' }).click();
    await kim.getByText('웹훅이 없습니다.').waitFor();
    assert.deepEqual((await api.call('GET', `/events/${EVENT}/webhooks`, { token: api.adminToken })).body.items, []);
    await kim.close();
  });

  test('event settings: a room with its seats and a session format added; a bad line is named, and nothing is written', async () => {
    const kim = await organiserTab('org-kim');
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/event`);
    const rooms = kim.getByLabel('발표장');
    await rooms.waitFor();
    const before = (await api.call('GET', `/events/${EVENT}`)).body;
    await rooms.fill('Hall A | 120 | 3층 | 에스컬레이터 옆\nHall B | lots');
    await kim.getByLabel('세션 형식').fill('keynote\nbreakout\nchalk-talk');
    await kim.getByRole('button', { name: '행사 설정 저장' }).click();
    await kim.locator('.field-error', { hasText: '2번째 줄' }).waitFor();
    assert.equal(await rooms.getAttribute('aria-invalid'), 'true');
    assert.equal((await api.call('GET', `/events/${EVENT}`)).body.version, before.version, 'a refused save writes nothing');

    await rooms.fill('Hall A | 120 | 3층 | 에스컬레이터 옆\nHall B | 40');
    await kim.getByRole('button', { name: '행사 설정 저장' }).click();
    await kim.getByText(`저장했습니다 (버전 ${before.version + 1})`).waitFor();
    await shot(kim, 'console-event.png');
    const after = (await api.call('GET', `/events/${EVENT}`)).body;
    assert.deepEqual(after.rooms, [{ name: 'Hall A', capacity: 120, floor: '3층', note: '에스컬레이터 옆' }, { name: 'Hall B', capacity: 40 }]);
    assert.deepEqual(after.types, ['keynote', 'breakout', 'chalk-talk']);
    assert.deepEqual([after.name, after.days, after.tracks], [before.name, before.days, before.tracks], 'what the form did not change stays');
    // The session form offers the new format.
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/new`);
    await kim.getByLabel('형식').selectOption('chalk-talk');
    await kim.close();
  });

  test('a speaker made and edited from the console: a bad link is named, and a save after someone else’s is refused until their version is loaded', async () => {
    const kim = await organiserTab('org-kim');
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/speakers/new`);
    await kim.getByLabel('연사 ID').fill('kim-cheolsu');
    await kim.getByLabel('이름', { exact: true }).fill('김철수');
    await kim.getByLabel('회사').fill('카카오');
    await kim.getByLabel('링크').fill('website | http://kim.example/');
    await kim.getByRole('button', { name: '연사 만들기' }).click();
    await kim.locator('.field-error', { hasText: '1번째 줄' }).waitFor();
    assert.equal((await api.call('GET', '/speakers/kim-cheolsu')).status, 404, 'nothing written');
    await kim.getByLabel('링크').fill('website | https://kim.example/ | 블로그');
    await kim.getByRole('button', { name: '연사 만들기' }).click();
    await kim.waitForURL(/#\/console\/dev-day\/speakers\/kim-cheolsu$/);
    await kim.getByText('kim-cheolsu · 버전 1').waitFor();
    const made = (await api.call('GET', '/speakers/kim-cheolsu')).body;
    assert.deepEqual([made.name, made.company, made.links], ['김철수', '카카오', [{ kind: 'website', url: 'https://kim.example/', title: '블로그' }]]);

    // Someone else saves first; this form's save is refused, then their version loads.
    const other = await api.call('PUT', '/speakers/kim-cheolsu', { token: api.adminToken, headers: { 'if-match': '"1"' }, body: { name: '김철수', company: '네이버' } });
    assert.equal(other.status, 200, other.text);
    await kim.getByLabel('직함').fill('개발자');
    await kim.getByRole('button', { name: '저장' }).click();
    await kim.getByText('다른 사람이 먼저 이 연사를 바꿨습니다').waitFor();
    assert.equal((await api.call('GET', '/speakers/kim-cheolsu')).body.role, undefined, 'not saved over them');
    await kim.getByRole('button', { name: '그 버전 불러오기' }).click();
    await kim.getByText('버전 2을 불러왔습니다.').waitFor();
    assert.equal(await kim.getByLabel('회사').inputValue(), '네이버');
    await kim.close();
  });

  test('a session made in Korean and English, both titles edited in one save, a language added and another removed', async () => {
    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1440, height: 900 });
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/new`);
    await kim.getByLabel('세션 ID').fill('bilingual');
    await kim.getByLabel('제목 (ko)').fill('서버리스 입문');
    // A tag the API would refuse is named at the box; a valid one adds the language's fields.
    await kim.getByLabel('추가할 언어').fill('english!');
    await kim.getByRole('button', { name: '언어 추가' }).click();
    assert.equal(await kim.getByLabel('추가할 언어').getAttribute('aria-invalid'), 'true');
    await kim.getByLabel('추가할 언어').fill('EN');
    await kim.getByRole('button', { name: '언어 추가' }).click();
    await kim.getByLabel('제목 (en)').fill('Serverless basics');
    await kim.getByLabel('소개 (en)').fill('Only in English.');
    await kim.getByRole('button', { name: '세션 만들기' }).click();
    await kim.waitForURL(/#\/console\/dev-day\/sessions\/bilingual$/);
    const made = (await api.call('GET', `/events/${EVENT}/sessions/bilingual`)).body;
    assert.deepEqual(made.translations, { ko: { title: '서버리스 입문', abstract: '' }, en: { title: 'Serverless basics', abstract: 'Only in English.' } });

    // Both titles in one save: one new version, each language read back as written.
    await kim.getByLabel('제목 (ko)').fill('서버리스 실전');
    await kim.getByLabel('제목 (en)').fill('Serverless in practice');
    await kim.getByRole('button', { name: '저장' }).click();
    await kim.getByText('저장했습니다 (버전 2)').waitFor();
    assert.equal(await kim.locator('.console-body h2').first().textContent(), '서버리스 실전', 'the heading follows, in the default language');
    const read = async (lang: string) => (await api.call('GET', `/events/${EVENT}/sessions/bilingual?lang=${lang}`)).body;
    assert.deepEqual([(await read('ko')).title, (await read('en')).title], ['서버리스 실전', 'Serverless in practice']);

    await kim.getByLabel('추가할 언어').fill('ja');
    await kim.getByRole('button', { name: '언어 추가' }).click();
    await kim.getByLabel('제목 (ja)').fill('サーバーレス実践');
    await shot(kim, 'console-session-languages.png');
    await phoneShot(kim, 'console-session-languages-phone.png');
    await kim.getByRole('button', { name: '저장' }).click();
    await kim.getByText('저장했습니다 (버전 3)').waitFor();
    assert.equal((await read('ja')).title, 'サーバーレス実践');

    // The default language has no remove button; English goes, its abstract (the only one) with it.
    assert.equal(await kim.getByRole('button', { name: 'ko 빼기' }).count(), 0);
    await kim.getByRole('button', { name: 'en 빼기' }).click();
    await kim.getByRole('button', { name: '저장' }).click();
    await kim.getByText('저장했습니다 (버전 4)').waitFor();
    const after = await read('en');
    assert.deepEqual([after.contentLanguage, Object.keys(after.translations)], ['ko', ['ko', 'ja']], 'English is gone; a reader asking for it gets Korean');
    assert.equal(after.abstract, '');
    assert.equal(await kim.getByLabel('제목 (en)').count(), 0);
    await kim.close();
  });

  test('a save after someone else changed the English title shows their English title beside mine', async () => {
    const kim = await organiserTab('org-kim');
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/bilingual`);
    await kim.getByLabel('제목 (ja)').waitFor();
    const before = (await api.call('GET', `/events/${EVENT}/sessions/bilingual`)).body;
    const theirs = await api.call('PATCH', `/events/${EVENT}/sessions/bilingual`, { token: api.adminToken, headers: { 'if-match': `"${before.version}"` }, body: { title: { ja: '他の人のタイトル' } } });
    assert.equal(theirs.status, 200, theirs.text);
    await kim.getByLabel('제목 (ja)').fill('私のタイトル');
    await kim.getByRole('button', { name: '저장' }).click();
    const row = kim.locator('.conflict tr[data-field="title.ja"]');
    await row.waitFor();
    assert.deepEqual(await row.locator('th, td').allTextContents(), ['제목 (ja)', '他の人のタイトル', '私のタイトル']);
    assert.equal(await row.getAttribute('class'), 'clash');
    await kim.getByRole('button', { name: '내 변경으로 덮어쓰기' }).click();
    await kim.locator('.session-form .message.ok', { hasText: `버전 ${before.version + 2}` }).waitFor();
    const saved = (await api.call('GET', `/events/${EVENT}/sessions/bilingual?lang=ja`)).body;
    assert.deepEqual([saved.title, saved.translations.ko.title], ['私のタイトル', '서버리스 실전']);
    await kim.close();
  });

  test('once the event lists rooms and levels the form picks from them: a room’s seats become a new session’s, and a session left in an unlisted room is refused until one is chosen', async () => {
    const event = (await api.call('GET', `/events/${EVENT}`)).body;
    const { id: _, version, ...settings } = event;
    const rooms = [{ name: 'Hall A', capacity: 120, floor: '3층' }, { name: 'Hall B', capacity: 40 }];
    const put = await api.call('PUT', `/events/${EVENT}`, { token: api.adminToken, headers: { 'if-match': `"${version}"` }, body: { ...settings, rooms, levels: ['입문', '중급'] } });
    assert.equal(put.status, 200, put.text);

    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1440, height: 900 });
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/new`);
    const room = kim.getByLabel('발표장');
    await room.waitFor();
    assert.deepEqual(await room.locator('option').allTextContents(), ['(없음)', 'Hall A · 120석 · 3층', 'Hall B · 40석']);
    await kim.getByLabel('세션 ID').fill('in-hall-a');
    await kim.getByLabel('제목 (ko)').fill('큰 방 세션');
    await room.selectOption('Hall A');
    await kim.getByText('비워 두면 Hall A의 좌석 수(120석)를 씁니다').waitFor();
    await kim.getByLabel('난이도').selectOption('입문');
    await shot(kim, 'console-session-room.png');
    await kim.getByRole('button', { name: '세션 만들기' }).click();
    await kim.waitForURL(/sessions\/in-hall-a$/);
    const made = (await api.call('GET', `/events/${EVENT}/sessions/in-hall-a`)).body;
    assert.deepEqual([made.room, made.level, made.capacity, made.seats.capacity], ['Hall A', '입문', 120, 120]);

    // csv-1 was imported into Room 101, before the event listed rooms.
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/sessions/csv-1`);
    await kim.getByLabel('제목 (ko)').waitFor();
    const stored = (await api.call('GET', `/events/${EVENT}/sessions/csv-1`)).body;
    assert.equal(await room.inputValue(), 'Room 101');
    assert.equal(await room.locator('option:checked').textContent(), 'Room 101 (목록에 없음)');
    const unlisted = kim.locator('.hint.unlisted:visible');
    assert.deepEqual(await unlisted.allTextContents(), ['행사 설정의 목록에 없는 값입니다: 이대로는 저장되지 않으니 목록에서 고르세요.'], 'said beside the room, and only there');
    await kim.getByLabel('태그').fill('serverless, scale, 추가');
    await kim.getByRole('button', { name: '저장' }).click();
    const refusal = kim.locator('select[name="room"] + .field-error');
    await refusal.waitFor();
    assert.match((await refusal.textContent())!, /Hall A, Hall B/);
    assert.equal(await room.getAttribute('aria-invalid'), 'true');
    assert.equal((await api.call('GET', `/events/${EVENT}/sessions/csv-1`)).body.version, stored.version, 'nothing written');
    await phoneShot(kim, 'console-session-unlisted-room-phone.png');

    await room.selectOption('Hall B');
    await kim.getByRole('button', { name: '저장' }).click();
    await kim.getByText(`저장했습니다 (버전 ${stored.version + 1})`).waitFor();
    const moved = (await api.call('GET', `/events/${EVENT}/sessions/csv-1`)).body;
    assert.deepEqual([moved.room, moved.tags, moved.capacity], ['Hall B', ['serverless', 'scale', '추가'], stored.capacity], 'a move keeps its seats');
    assert.equal(await room.locator('option[data-unlisted]').count(), 0);
    assert.equal(await unlisted.count(), 0);
    assert.equal(await kim.locator('.field-error').count(), 0);
    await kim.close();
  });

  // The timetable's tests run after the event settings test: the event lists rooms Hall A and Hall B, so the CSV's Room 10x are refused.
  const DAY = '2024-05-17';
  const PPM = 2.4; // --ppm in web/base.css
  const at = (clock: string) => `${DAY}T${clock}:00+09:00`;
  const makeSession = async (id: string, fields: Record<string, unknown>) => {
    const made = await api.call('POST', `/events/${EVENT}/sessions`, { token: api.adminToken, body: { ...session({ id, title: `옮길 세션 ${id}`, speakerIds: [], track: 'AI/ML', level: undefined, room: undefined, startsAt: undefined, endsAt: undefined }), ...fields } });
    assert.equal(made.status, 201, made.text);
    return made.body;
  };
  const openTimetable = async (tab: Page) => {
    await tab.goto(`${api.baseUrl}/#/console/${EVENT}/timetable?day=${DAY}`);
    await tab.locator('.grid .card').first().waitFor();
    await tab.locator('.grid-scroll').evaluate((el) => el.scrollIntoView());
  };
  /** Presses on a card and lets go over `room`'s column, `minutes` lower, in steps as a hand moves. */
  const drag = async (tab: Page, card: ReturnType<Page['locator']>, room: string, minutes: number) => {
    const from = (await card.boundingBox())!;
    const column = (await tab.locator('.grid .room-head', { hasText: room }).boundingBox())!;
    await tab.mouse.move(from.x + 20, from.y + 8);
    await tab.mouse.down();
    await tab.mouse.move(column.x + column.width / 2, from.y + 8 + minutes * PPM, { steps: 12 });
    await tab.mouse.up();
  };

  test('timetable: a card dragged with the mouse to another room and a later slot is saved there with its length, pending until the API answers; an unscheduled one is dragged in', async () => {
    const before = await makeSession('drag-me', { room: 'Hall A', startsAt: at('10:00'), endsAt: at('10:40') });
    await makeSession('drag-new', {});
    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1440, height: 1200 });
    await openTimetable(kim);
    // The answer waits until the card has been seen pending at its new place.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await kim.route('**/sessions/drag-me', async (route) => (route.request().method() === 'PATCH' ? (await held, route.continue()) : route.continue()));
    const card = kim.locator('.grid .card[data-session="drag-me"]');
    await drag(kim, card, 'Hall B', 150);
    await kim.locator('.grid .card.pending[data-session="drag-me"]').waitFor();
    const hallB = (await kim.locator('.grid .room-head', { hasText: 'Hall B' }).boundingBox())!;
    const pendingBox = (await card.boundingBox())!;
    assert.ok(pendingBox.x >= hallB.x && pendingBox.x < hallB.x + hallB.width, 'pending in Hall B’s column');
    release();
    await kim.getByText(`(버전 ${before.version + 1})`).waitFor();
    await kim.unroute('**/sessions/drag-me');
    const after = (await api.call('GET', `/events/${EVENT}/sessions/drag-me`)).body;
    assert.deepEqual([after.room, after.startsAt, after.endsAt, after.version], ['Hall B', at('12:30'), at('13:10'), before.version + 1]);
    assert.equal(await card.locator('.card-time').textContent(), '12:30–13:10', 'the card stays at its new place');
    assert.equal(await card.getAttribute('class').then((c) => c!.includes('pending')), false);
    // The grid now holds the new version: the next drag of the same card is not refused as stale.
    await drag(kim, card, 'Hall B', -30);
    await kim.getByText(`(버전 ${before.version + 2})`).waitFor();
    assert.equal((await api.call('GET', `/events/${EVENT}/sessions/drag-me`)).body.startsAt, at('12:00'));

    // An unscheduled session, from beside the grid into Hall A at 09:00 (its length: 30 minutes).
    const waiting = kim.locator('.unscheduled-side .card[data-session="drag-new"]');
    const from = (await waiting.boundingBox())!;
    const hallA = (await kim.locator('.grid .room-head', { hasText: 'Hall A' }).boundingBox())!;
    const nine = (await kim.locator('.grid .hour', { hasText: '09:00' }).boundingBox())!;
    await kim.mouse.move(from.x + 20, from.y + 8);
    await kim.mouse.down();
    await kim.mouse.move(hallA.x + hallA.width / 2, nine.y + nine.height / 2, { steps: 12 });
    await shot(kim, 'console-timetable-drag.png');
    await kim.mouse.up();
    await kim.locator('.grid .card[data-session="drag-new"]').waitFor();
    await kim.locator('.message.ok', { hasText: '옮길 세션 drag-new' }).waitFor();
    const placed = (await api.call('GET', `/events/${EVENT}/sessions/drag-new`)).body;
    assert.deepEqual([placed.room, placed.startsAt, placed.endsAt], ['Hall A', at('09:00'), at('09:30')]);
    await shot(kim, 'console-timetable.png');
    await kim.close();
  });

  test('timetable: a finger drags a card once held; a quick swipe over the cards scrolls the grid and moves nothing (touch events on a touch screen)', async () => {
    const before = await makeSession('drag-touch', { room: 'Hall B', startsAt: at('16:00'), endsAt: at('16:20') });
    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1440, height: 1200 });
    const cdp = await kim.context().newCDPSession(kim);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    await openTimetable(kim);
    const card = kim.locator('.grid .card[data-session="drag-touch"]');
    await card.scrollIntoViewIfNeeded();
    const from = (await card.boundingBox())!;
    const hallA = (await kim.locator('.grid .room-head', { hasText: 'Hall A' }).boundingBox())!;
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    const [x0, y0] = [from.x + 20, from.y + 6];
    const swipe = async (dx: number, hold: number) => {
      await touch('touchStart', x0, y0);
      await new Promise((r) => setTimeout(r, hold));
      for (let step = 1; step <= 10; step++) await touch('touchMove', x0 + (dx * step) / 10, y0);
      await touch('touchEnd', x0 + dx, y0);
    };
    // A quick swipe sideways over the cards, as one scrolls through dozens of rooms: the grid scrolls, nothing is dragged.
    const scroller = kim.locator('.timetable-board .grid-scroll');
    const scrolledBefore = await scroller.evaluate((el) => el.scrollLeft);
    await swipe(-300, 0);
    await kim.waitForFunction((from) => document.querySelector('.timetable-board .grid-scroll')!.scrollLeft > from + 100, scrolledBefore);
    assert.equal((await api.call('GET', `/events/${EVENT}/sessions/drag-touch`)).body.version, before.version, 'a swipe moved the session');
    // The swipe's fling settles, then the grid goes back to where it was.
    for (let last = -1, now = 0; now !== last; await new Promise((r) => setTimeout(r, 200))) [last, now] = [now, await scroller.evaluate((el) => el.scrollLeft)];
    await scroller.evaluate((el, left) => el.scrollTo({ left, behavior: 'instant' }), scrolledBefore);
    // Held, then moved: a drag.
    const held = (await card.boundingBox())!;
    const [x2, y2] = [held.x + 20, held.y + 6];
    const [x1, y1] = [hallA.x + hallA.width / 2 + (x2 - x0), y2 - 60 * PPM];
    await touch('touchStart', x2, y2);
    await kim.locator('.grid .card[data-session="drag-touch"].held').waitFor();
    for (let step = 1; step <= 10; step++) await touch('touchMove', x2 + ((x1 - x2) * step) / 10, y2 + ((y1 - y2) * step) / 10);
    await touch('touchEnd', x1, y1);
    await kim.getByText(`(버전 ${before.version + 1})`).waitFor();
    const after = (await api.call('GET', `/events/${EVENT}/sessions/drag-touch`)).body;
    assert.deepEqual([after.room, after.startsAt, after.endsAt], ['Hall A', at('15:00'), at('15:20')]);
    await kim.close();
  });

  test('timetable: a drag after someone else changed the session shows their version, goes back, and overwrites nothing until asked', async () => {
    const mine = await makeSession('drag-clash', { room: 'Hall A', startsAt: at('11:00'), endsAt: at('11:30') });
    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 1440, height: 1200 });
    await openTimetable(kim);
    const theirs = await api.call('PATCH', `/events/${EVENT}/sessions/drag-clash`, { token: await api.tokenFor('org-lee', { organiserOf: [EVENT] }), headers: { 'if-match': `"${mine.version}"` }, body: { room: 'Hall B', startsAt: at('16:00'), endsAt: at('16:30') } });
    assert.equal(theirs.status, 200, theirs.text);
    const card = kim.locator('.grid .card[data-session="drag-clash"]');
    await drag(kim, card, 'Hall A', 60);
    const conflict = kim.locator('.conflict');
    await conflict.getByRole('heading', { name: '누군가 이 세션을 먼저 바꿨습니다 — 그 사람의 버전을 확인하세요' }).waitFor();
    assert.match((await conflict.locator('.theirs').textContent())!, new RegExp(`버전 ${mine.version + 1}: Hall B, .* 16:00–16:30`));
    assert.match((await conflict.locator('.mine').textContent())!, /Hall A, .* 12:00–12:30/);
    assert.equal(await card.locator('.card-time').textContent(), '11:00–11:30', 'the card went back');
    const untouched = (await api.call('GET', `/events/${EVENT}/sessions/drag-clash`)).body;
    assert.deepEqual([untouched.room, untouched.startsAt, untouched.version], ['Hall B', at('16:00'), mine.version + 1], 'nothing overwritten');
    await shot(kim, 'console-timetable-conflict.png');

    await conflict.getByRole('button', { name: '확인했으니 내 이동으로 덮어쓰기' }).click();
    await kim.getByText(`(버전 ${mine.version + 2})`).waitFor();
    const over = (await api.call('GET', `/events/${EVENT}/sessions/drag-clash`)).body;
    assert.deepEqual([over.room, over.startsAt, over.endsAt], ['Hall A', at('12:00'), at('12:30')]);
    assert.ok(await conflict.isHidden());

    // Changed again elsewhere: this time the organiser reloads and sees their version in the grid.
    const again = await api.call('PATCH', `/events/${EVENT}/sessions/drag-clash`, { token: api.adminToken, headers: { 'if-match': `"${over.version}"` }, body: { room: 'Hall B', startsAt: at('09:30'), endsAt: at('10:00') } });
    assert.equal(again.status, 200, again.text);
    await drag(kim, card, 'Hall A', 30);
    await conflict.getByRole('button', { name: '시간표 다시 불러오기' }).click();
    await card.locator('.card-time', { hasText: '09:30–10:00' }).waitFor();
    assert.ok(await conflict.isHidden());
    assert.equal((await api.call('GET', `/events/${EVENT}/sessions/drag-clash`)).body.version, over.version + 1, 'the reload wrote nothing');
    await kim.close();
  });

  test('timetable on a phone, by keyboard: the move form refuses a room the event does not list with the server’s reason, then moves the session', async () => {
    const before = await makeSession('move-by-form', { room: 'Hall B', startsAt: at('15:00'), endsAt: at('15:50') });
    const kim = await organiserTab('org-kim');
    await kim.setViewportSize({ width: 375, height: 812 });
    await kim.goto(`${api.baseUrl}/#/console/${EVENT}/timetable?day=${DAY}`);
    const move = kim.getByRole('button', { name: `"${before.title}" 옮기기` });
    await move.focus();
    await kim.keyboard.press('Enter');
    await kim.getByLabel('발표장', { exact: true }).selectOption('Room 103');
    await kim.getByLabel('시작 시각').fill('09:05');
    await kim.keyboard.press('Enter');
    // The form stays open with the server's reason in it.
    await kim.locator('.move-panel .message.error', { hasText: "must be one of the event's rooms" }).waitFor();
    assert.equal((await api.call('GET', `/events/${EVENT}/sessions/move-by-form`)).body.version, before.version, 'a refused move writes nothing');
    assert.equal(await kim.locator('.card[data-session="move-by-form"] .card-time').textContent(), '15:00–15:50', 'the card went back');
    await screenShot(kim, 'console-timetable-refused-phone.png');

    await kim.getByLabel('발표장', { exact: true }).selectOption('Hall A');
    await kim.getByLabel('시작 시각').fill('09:05');
    await screenShot(kim, 'console-timetable-form-phone.png');
    await kim.getByRole('button', { name: '옮기기 저장' }).click();
    await kim.getByText(`(버전 ${before.version + 1})`).waitFor();
    const after = (await api.call('GET', `/events/${EVENT}/sessions/move-by-form`)).body;
    assert.deepEqual([after.room, after.startsAt, after.endsAt], ['Hall A', at('09:05'), at('09:55')]);
    await screenShot(kim, 'console-timetable-phone.png');
    await kim.close();
  });

  test('the sessions table counts reservations and check-ins as they happen, in place, without a reload', async () => {
    const now = Date.now();
    const made = await api.call('POST', `/events/${EVENT}/sessions`, {
      token: api.adminToken,
      body: session({ id: 'live-counts', title: '실시간 좌석 세션', capacity: 3, speakerIds: [], room: undefined, level: undefined, startsAt: new Date(now - 5 * 60_000).toISOString(), endsAt: new Date(now + 60 * 60_000).toISOString() }),
    });
    assert.equal(made.status, 201, made.text);
    const lee = await organiserTab('org-lee');
    await lee.setViewportSize({ width: 1440, height: 900 });
    await lee.goto(`${api.baseUrl}/#/console/${EVENT}/sessions`);
    await lee.locator('html[data-live="live"]').waitFor({ timeout: 10_000 });
    await lee.locator('.console-table tbody tr').first().waitFor();
    // Counts the page's subscribes not answered yet: the server may handle two of one socket at once, so the page sends one at a time.
    await lee.evaluate(() => {
      const counted = window as unknown as { e2eMostUnanswered: number };
      counted.e2eMostUnanswered = 0;
      let unanswered = 0;
      const seen = new WeakSet<WebSocket>();
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (this: WebSocket, data) {
        if (!seen.has(this)) {
          seen.add(this);
          this.addEventListener('message', (event) => ['subscribed', 'error'].includes(JSON.parse(String(event.data)).type) && unanswered--);
        }
        counted.e2eMostUnanswered = Math.max(counted.e2eMostUnanswered, ++unanswered);
        send.call(this, data);
      };
    });
    const filter = lee.getByLabel('제목, ID, 발표장, 트랙으로 찾기');
    // Typed a key at a time: each narrows the rows, and the rows watched with them.
    await filter.pressSequentially('live-counts');
    const row = lee.locator('tr[data-session="live-counts"]');
    const [seats, checkedIn] = [row.locator('td[data-cell="seats"]'), row.locator('td[data-cell="checked-in"]')];
    await seats.filter({ hasText: /^0 \/ 3$/ }).waitFor();
    // The filter's subscribe answered: the organiser's socket follows this row's check-ins.
    const followers = createLiveStore(doc, api.tableName);
    for (let i = 0; i < 100 && (await followers.followersOf(checkInTopic(EVENT, 'live-counts'))).length === 0; i++) await lee.waitForTimeout(50);
    // Marks the table and leaves the cursor in the filter: a redraw or a reload would lose both.
    await lee.locator('.console-table').evaluate((table) => Object.assign(table, { e2eMark: true }));
    await filter.focus();

    const organiser = await api.tokenFor('org-lee', { organiserOf: [EVENT] });
    const held: string[] = [];
    for (const who of ['seoyeon', 'jisoo']) {
      const reserved = await api.call('PUT', `/events/${EVENT}/sessions/live-counts/reservation`, { token: await api.tokenFor(who) });
      assert.equal(reserved.status, 201, reserved.text);
      held.push(reserved.body.checkInCode);
    }
    await seats.filter({ hasText: /^2 \/ 3$/ }).waitFor({ timeout: 10_000 });
    await checkedIn.filter({ hasText: /^0 \/ 2$/ }).waitFor({ timeout: 10_000 });
    const sent = performance.now();
    const checked = await api.call('POST', `/events/${EVENT}/sessions/live-counts/check-ins`, { token: organiser, body: { code: held[0] } });
    assert.equal(checked.status, 201, checked.text);
    const answered = performance.now();
    await checkedIn.filter({ hasText: /^1 \/ 2$/ }).waitFor({ timeout: 10_000 });
    const shown = performance.now();
    console.log(`# console sessions table: check-in API call -> cell shows it ${(shown - sent).toFixed(0)} ms (answered -> shown ${(shown - answered).toFixed(0)} ms)`);
    assert.equal(await checkedIn.getAttribute('class'), 'changed', 'the moved count is highlighted');
    await shot(lee, 'console-sessions-live.png');
    assert.equal(await lee.locator('.console-table').evaluate((table) => (table as unknown as { e2eMark?: boolean }).e2eMark), true, 'the same table: not redrawn');
    assert.equal(await filter.evaluate((input) => input === document.activeElement), true, 'focus stays in the filter');
    assert.equal(await filter.inputValue(), 'live-counts');
    assert.equal(await lee.evaluate(() => (window as unknown as { e2eMostUnanswered: number }).e2eMostUnanswered), 1, 'one subscribe at a time');
    assert.match((await lee.locator('.totals').textContent())!, /^행사 전체: 확정 \d+명 · 입장 \d+명 · 대기 \d+명$/);
    await lee.setViewportSize({ width: 375, height: 812 });
    await shot(lee, 'console-sessions-live-phone.png');
    await lee.close();
  });

  test('at the door: one attendee scanned with the camera, another typed while offline and sent when back', async () => {
    const door = await organiserTab('org-park');
    await door.setViewportSize({ width: 375, height: 812 });
    await door.goto(`${api.baseUrl}/#/console/${EVENT}/door`);
    await door.getByLabel('세션').selectOption('door-talk');
    await door.getByText('입장 0명 / 확정 2명').waitFor();

    await door.getByRole('button', { name: '카메라로 스캔' }).click();
    await door.getByText('입장 확인: jimin').waitFor({ timeout: 30_000 });
    await door.getByText('입장 1명 / 확정 2명').waitFor();
    await shot(door, 'console-door-scan.png');
    await door.getByRole('button', { name: '스캔 멈추기' }).click();

    await browser.context.setOffline(true);
    await door.getByLabel('입장 코드').fill(codes.minho!.toLowerCase().replace(/-/g, ' '));
    await door.getByRole('button', { name: '입장 확인' }).click();
    await door.getByText('오프라인: 스캔을 저장했습니다').waitFor();
    await door.getByText('보내지 못한 스캔 1건').waitFor();
    await shot(door, 'console-door-offline.png');
    // Back online with the sign-in lapsed meanwhile: the send is refused (401) and the scan stays queued.
    await door.evaluate(() => {
      sessionStorage.setItem('e2e.token', sessionStorage.getItem('catalogue.accessToken')!);
      sessionStorage.removeItem('catalogue.accessToken');
    });
    const refused = door.waitForResponse((r) => r.url().includes('/check-ins/batch'));
    await browser.context.setOffline(false);
    assert.equal((await refused).status(), 401);
    assert.equal(await door.evaluate(() => JSON.parse(localStorage.getItem('console.doorQueue') ?? '[]').length), 1, 'a refused sign-in loses no scan');
    // Signed in again, the next flush sends it.
    await door.evaluate(() => sessionStorage.setItem('catalogue.accessToken', sessionStorage.getItem('e2e.token')!));
    await door.getByText('저장해 둔 스캔 1건을 보냈습니다').waitFor({ timeout: 15_000 });
    await door.getByText('입장 2명 / 확정 2명').waitFor();

    const roster = (await api.call('GET', `/events/${EVENT}/sessions/door-talk/roster`, { token: await api.tokenFor('org-park', { organiserOf: [EVENT] }) })).body;
    assert.deepEqual(roster.items.map((r: { attendeeId: string; checkedInAt?: string }) => [r.attendeeId, Boolean(r.checkedInAt)]), [['jimin', true], ['minho', true]]);
    // The same code again is refused, once checked in.
    await door.getByLabel('입장 코드').fill(codes.jimin!);
    await door.getByRole('button', { name: '입장 확인' }).click();
    await door.getByText('이미 입장한 코드입니다.').waitFor();
    await door.close();
    assert.deepEqual(pageErrors, []);
  });
});
