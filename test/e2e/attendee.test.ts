/**
 * What a signed-in attendee does, in headless Chromium against a real local
 * server: the development sign-in (and the Cognito sign-in against a
 * stand-in endpoint), reserving until a session is full, the waitlist,
 * cancelling, a live poll, a review, "my agenda" with a conflict, its .ics
 * download, its calendar subscription and its print layout, and the stars
 * on timetable cards. Each browser tab has its own sessionStorage, so each
 * attendee gets a tab of their own.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../local/build-web';
import { startTestApi, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, tabSignedInAs as signIn, type Browser } from '../support/browser';
import { createWebCatalogue, EVENT_ID, OVERLAP_A, OVERLAP_B, SMALL_DAY, SMALL_SESSION } from '../support/web-catalogue';

const RESULTS = new URL('../../test-results/', import.meta.url);
const screenshot = (page: Page, name: string) => page.screenshot({ path: new URL(name, RESULTS).pathname, fullPage: true });

describe('an attendee in the browser', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let browser: Browser;
  const pageErrors: string[] = [];
  const sessionUrl = (id: string) => `${api.baseUrl}/#/e/${EVENT_ID}/s/${id}`;

  const tabSignedInAs = (sub: string, options: { organiserOf?: string } = {}) => signIn(browser, api.baseUrl, sub, { ...options, pageErrors });

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    api = await startTestApi();
    await createWebCatalogue(api, { bigDay: false });
    const poll = await api.call('POST', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls`, {
      token: api.adminToken,
      body: { question: '사내에서 생성형 AI를 쓰고 있나요?', options: ['네', '아니요', '검토 중'] },
    });
    assert.equal(poll.status, 201, poll.text);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await api?.close();
  });

  test('the development sign-in says in plain words what is wrong, then signs in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${api.baseUrl}/#/sign-in`);
    await page.getByLabel('참석자 ID').fill('alice smith');
    await page.getByRole('button', { name: '로그인' }).click();
    await page.locator('.message.error', { hasText: '입력한 내용을 확인하세요.' }).waitFor();
    await page.locator('.field-error', { hasText: 'must be a lowercase slug' }).waitFor();
    assert.equal(await page.getByLabel('참석자 ID').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('참석자 ID').fill('alice');
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByText('alice 님', { exact: true }).waitFor();
    assert.match((await page.evaluate(() => sessionStorage.getItem('catalogue.accessToken')))!, /^ey/);
    await page.close();
  });

  test('reserve until full, wait in line with a position, and a cancellation hands the seat on', async () => {
    const alice = await tabSignedInAs('alice');
    await alice.goto(sessionUrl(SMALL_SESSION.id));
    await alice.locator('.seats-line', { hasText: '남은 좌석 1 / 1' }).waitFor();
    await alice.getByRole('button', { name: '좌석 예약' }).click();
    await alice.getByText('예약이 확정되었습니다.').waitFor();
    await alice.locator('.seats-line', { hasText: '만석 (1석)' }).waitFor();
    await alice.locator('.badge-line', { hasText: '예약 확정' }).waitFor();
    await screenshot(alice, 'session-reserved.png');

    const bob = await tabSignedInAs('bob');
    await bob.goto(sessionUrl(SMALL_SESSION.id));
    await bob.getByRole('button', { name: '대기자로 등록' }).click();
    await bob.getByText('대기 1번입니다.', { exact: false }).waitFor();
    await bob.locator('.badge-line', { hasText: '대기 1번' }).waitFor();
    await bob.locator('.seats-line', { hasText: '대기 1명' }).waitFor();

    await alice.reload();
    await alice.getByRole('button', { name: '예약 취소' }).click();
    await alice.getByText('예약을 취소했습니다.').waitFor();
    await alice.getByRole('button', { name: '대기자로 등록' }).waitFor(); // bob has the seat now

    await bob.reload();
    await bob.locator('.badge-line', { hasText: '예약 확정' }).waitFor();
    await alice.close();
    await bob.close();
  });

  test('a vote counts at once, and other votes arrive without reloading', async () => {
    const carol = await tabSignedInAs('carol');
    await carol.goto(sessionUrl(OVERLAP_A.id));
    await carol.getByRole('heading', { name: '사내에서 생성형 AI를 쓰고 있나요?' }).waitFor();
    await carol.getByRole('button', { name: '네', exact: true }).click();
    await carol.getByText('"네"에 투표했습니다.').waitFor();
    const yes = carol.locator('.options li').first();
    assert.equal(await yes.getByRole('button').getAttribute('aria-pressed'), 'true');
    assert.equal(await yes.locator('.votes').textContent(), '1표');

    // Someone else votes through the API; the page's live refresh shows it.
    const [poll] = (await api.call('GET', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls`)).body.items;
    const vote = await api.call('PUT', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls/${poll.id}/vote`, { token: await api.tokenFor('dan'), body: { option: 0 } });
    assert.equal(vote.status, 200, vote.text);
    await yes.locator('.votes', { hasText: '2표' }).waitFor({ timeout: 15_000 });
    await carol.close();
  });

  test('a review is posted and counted in the summary, and can be edited', async () => {
    const erin = await tabSignedInAs('erin');
    await erin.goto(sessionUrl(OVERLAP_A.id));
    await erin.getByText('아직 후기가 없습니다.').waitFor();
    await erin.getByRole('radio', { name: '별 4개' }).check();
    await erin.getByLabel('후기 내용 (선택)').fill('데모가 실용적이었습니다.');
    await erin.getByRole('button', { name: '후기 올리기' }).click();
    await erin.getByText('후기를 올렸습니다.').waitFor();
    await erin.getByText('평균 4점 · 후기 1개').waitFor();
    await erin.locator('.reviews li.mine', { hasText: '데모가 실용적이었습니다.' }).waitFor();
    await erin.getByRole('heading', { name: '내 후기 고치기' }).waitFor();

    await erin.getByRole('radio', { name: '별 5개' }).check();
    await erin.getByRole('button', { name: '후기 올리기' }).click();
    await erin.getByText('평균 5점 · 후기 1개').waitFor();
    await screenshot(erin, 'session-poll-review.png');
    await erin.close();
  });

  test("an organiser hides a review of their event; an organiser of another event is not offered to; staff are not offered seats", async () => {
    const review = await api.call('PUT', `/events/${EVENT_ID}/sessions/${OVERLAP_B.id}/reviews/me`, { token: await api.tokenFor('gina'), body: { rating: 1, text: '광고였습니다' } });
    assert.equal(review.status, 201, review.text);
    const other = await tabSignedInAs('olga', { organiserOf: 'another-event' });
    await other.goto(sessionUrl(OVERLAP_B.id));
    const seen = other.locator('.reviews li', { hasText: '광고였습니다' });
    await seen.waitFor();
    // Reviews name no author, so the hide button is found in the review's own item.
    assert.equal(await seen.getByRole('button', { name: /^숨기기/ }).count(), 0);
    await other.close();

    const bob = await tabSignedInAs('bob', { organiserOf: EVENT_ID });
    await bob.goto(sessionUrl(OVERLAP_B.id));
    await bob.locator('.account .badge', { hasText: '운영진' }).waitFor();
    assert.equal(await bob.getByRole('button', { name: '좌석 예약' }).count(), 0);
    await bob.locator('.reviews li', { hasText: '광고였습니다' }).getByRole('button', { name: /^숨기기/ }).click();
    await bob.getByText('아직 후기가 없습니다.').waitFor();
    assert.equal((await api.call('GET', `/events/${EVENT_ID}/sessions/${OVERLAP_B.id}/reviews`)).body.summary.count, 0);
    await bob.close();
  });

  test('my agenda marks overlapping sessions and downloads the .ics with the token', async () => {
    const frank = await tabSignedInAs('frank');
    await frank.goto(sessionUrl(OVERLAP_A.id));
    await frank.getByRole('button', { name: '내 일정에 담기' }).click();
    await frank.getByText('내 일정에 담았습니다.').waitFor();
    assert.equal(await frank.getByRole('button', { name: '내 일정에서 빼기' }).getAttribute('aria-pressed'), 'true');
    // The day of these sessions is over: no reservation any more, a bookmark puts it in the agenda.
    await frank.goto(sessionUrl(OVERLAP_B.id));
    await frank.getByText('끝난 세션이라 예약을 받지 않습니다.').waitFor();
    assert.equal(await frank.getByRole('button', { name: '좌석 예약' }).count(), 0);
    await frank.getByRole('button', { name: '내 일정에 담기' }).click();
    await frank.getByText('내 일정에 담았습니다.').waitFor();

    await frank.goto(`${api.baseUrl}/#/e/${EVENT_ID}/agenda`);
    await frank.getByRole('heading', { level: 1, name: '내 일정' }).waitFor();
    assert.equal(await frank.locator('.agenda-item').count(), 2);
    assert.equal(await frank.locator('.agenda-item.conflict').count(), 2);
    await frank.getByText(`시간이 겹칩니다: ${OVERLAP_B.title}`).waitFor();
    await frank.getByText(`시간이 겹칩니다: ${OVERLAP_A.title}`).waitFor();
    await frank.getByText('시간이 겹치는 세션 2개').waitFor();
    await screenshot(frank, 'agenda.png');

    const [download] = await Promise.all([frank.waitForEvent('download'), frank.getByRole('button', { name: '캘린더에 추가 (.ics 받기)' }).click()]);
    assert.equal(download.suggestedFilename(), `${EVENT_ID}-agenda.ics`);
    const ics = readFileSync((await download.path())!, 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR/);
    assert.equal(ics.match(/BEGIN:VEVENT/g)?.length, 2);

    // Beside the download: a subscription (webcal:) to the personal feed, which calendar apps poll without a token header.
    await frank.getByRole('button', { name: '캘린더 구독 주소 만들기' }).click();
    const subscribe = frank.getByRole('link', { name: '캘린더 앱에서 구독하기 (webcal)' });
    const webcal = (await subscribe.getAttribute('href'))!;
    assert.match(webcal, /^webcal:\/\/127\.0\.0\.1:\d+\/calendar\/feed\.ics\?token=[\w-]{43}$/);
    assert.equal(await frank.getByLabel('구독 주소 (다른 캘린더 앱에 붙여 넣기)').inputValue(), webcal.replace(/^webcal:/, 'http:'));
    const feed = await fetch(webcal.replace(/^webcal:/, 'http:'));
    assert.equal(feed.status, 200);
    assert.equal((await feed.text()).match(/BEGIN:VEVENT/g)?.length, 2);

    // Printed: the agenda alone, on white, no header or buttons.
    await frank.emulateMedia({ media: 'print', colorScheme: 'dark' });
    assert.equal(await frank.locator('.site-header').isVisible(), false);
    assert.equal(await frank.locator('.actions').isVisible(), false);
    assert.equal(await frank.locator('.agenda-item').nth(1).isVisible(), true);
    assert.equal(await frank.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)', 'white paper, whatever the screen');
    await screenshot(frank, 'agenda-print.png');
    await frank.emulateMedia({ media: 'screen', colorScheme: 'light' });
    await frank.close();
  });

  test('a star on a timetable card bookmarks the session without opening it; signed out, it offers the sign-in', async () => {
    const dayUrl = `${api.baseUrl}/#/e/${EVENT_ID}?day=${SMALL_DAY}`;
    const star = (page: Page) => page.locator('.grid .card', { hasText: OVERLAP_A.title }).getByRole('button', { name: `${OVERLAP_A.title}: 내 일정에 담기` });
    const visitor = await browser.context.newPage();
    await visitor.goto(dayUrl);
    await visitor.locator('.results[data-state=ready]').waitFor();
    await star(visitor).click();
    const prompt = visitor.locator('.toast', { hasText: '로그인하면 세션을 내 일정에 담을 수 있습니다.' });
    await prompt.waitFor();
    assert.match((await prompt.getByRole('link', { name: '로그인' }).getAttribute('href'))!, /^#\/sign-in\?next=/);
    await visitor.close();

    const ivy = await tabSignedInAs('ivy');
    await ivy.goto(dayUrl);
    await ivy.locator('.results[data-state=ready]').waitFor();
    assert.equal(await star(ivy).getAttribute('aria-pressed'), 'false');
    await star(ivy).click();
    await ivy.locator(`.grid .card .star[aria-pressed="true"][data-session="${OVERLAP_A.id}"]`).waitFor();
    assert.equal(ivy.url(), dayUrl, 'the timetable stays');
    const agenda = async () => (await api.call('GET', `/me/agenda?eventId=${EVENT_ID}`, { token: await api.tokenFor('ivy') })).body.items.map((i: { id: string }) => i.id);
    assert.deepEqual(await agenda(), [OVERLAP_A.id]);
    await ivy.reload();
    await ivy.locator('.results[data-state=ready]').waitFor();
    assert.equal(await star(ivy).getAttribute('aria-pressed'), 'true', 'the star remembers');
    assert.equal(await star(ivy).textContent(), '★');
    await star(ivy).click();
    await ivy.locator(`.grid .card .star[aria-pressed="false"][data-session="${OVERLAP_A.id}"]`).waitFor();
    assert.deepEqual(await agenda(), []);
    await ivy.close();
  });

  test('in AWS mode the page signs in against Cognito (a stand-in endpoint), answering an MFA challenge, and keeps the access token', async () => {
    for (const staff of [false, true]) {
      const page = await browser.context.newPage();
      const calls: { target: string; body: Record<string, any> }[] = [];
      const accessToken = staff ? await api.tokenFor('grace', { organiserOf: [EVENT_ID] }) : await api.tokenFor('grace');
      await page.route('**/config.json', (route) =>
        route.fulfill({ json: { mode: 'cognito', region: 'ap-northeast-2', userPoolClientId: 'web-client-id', staffUserPoolClientId: 'staff-client-id' } }));
      await page.route('https://cognito-idp.ap-northeast-2.amazonaws.com/', async (route) => {
        const target = route.request().headers()['x-amz-target']!;
        calls.push({ target, body: route.request().postDataJSON() });
        const json = target.endsWith('InitiateAuth')
          ? { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session-1' }
          : { AuthenticationResult: { AccessToken: accessToken, IdToken: 'not-for-the-api' } };
        await route.fulfill({ json, headers: { 'access-control-allow-origin': '*' } });
      });
      await page.goto(`${api.baseUrl}/#/sign-in`);
      await page.getByLabel('이메일').fill('grace@example.com');
      await page.getByLabel('비밀번호').fill('correct horse battery staple');
      if (staff) await page.getByLabel('운영진 로그인 (관리자·행사 운영자, 인증 앱 필요)').check();
      await page.getByRole('button', { name: '로그인' }).click();
      await page.getByLabel('인증 앱에 표시된 6자리 코드').fill('123456');
      await page.getByRole('button', { name: '계속' }).click();
      await page.locator('.account .user', { hasText: 'grace@example.com 님' }).waitFor();

      const clientId = staff ? 'staff-client-id' : 'web-client-id';
      assert.deepEqual(calls.map((c) => c.target), ['AWSCognitoIdentityProviderService.InitiateAuth', 'AWSCognitoIdentityProviderService.RespondToAuthChallenge']);
      assert.deepEqual(calls[0]!.body, {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'grace@example.com', PASSWORD: 'correct horse battery staple' },
      });
      assert.equal(calls[1]!.body.ClientId, clientId);
      assert.deepEqual(calls[1]!.body.ChallengeResponses, { USERNAME: 'grace@example.com', SOFTWARE_TOKEN_MFA_CODE: '123456' });
      assert.equal(await page.evaluate(() => sessionStorage.getItem('catalogue.accessToken')), accessToken);
      assert.equal(await page.locator('.account .badge', { hasText: '운영진' }).count(), staff ? 1 : 0);
      await page.close();
    }
  });

  test('no script errors in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
