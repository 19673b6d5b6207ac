/**
 * Live, pushed, in two headless Chromium browsers against a real local
 * server with its WebSocket server and DynamoDB Local's stream: a vote in
 * one reaches the other's page, and a cancellation there frees the seat for
 * the waitlisted attendee in the other, who is told on every open page, all
 * over the socket (the page does not poll meanwhile). Then a dropped socket
 * reconnects and resumes, a page whose socket cannot open polls, and a
 * session cancelled meanwhile says so on its open page. The
 * push latencies are printed, not asserted (timing is the bench's business).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../local/build-web';
import { session, startTestApi, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, tabSignedInAs, type Browser } from '../support/browser';
import { createWebCatalogue, EVENT_ID, OVERLAP_A, SMALL_SESSION } from '../support/web-catalogue';
import { FaultInjectingHandler } from '../support/faults';

const RESULTS = new URL('../../test-results/', import.meta.url);
const screenshot = (page: Page, name: string) => page.screenshot({ path: new URL(name, RESULTS).pathname, fullPage: true });
/** Generous: a functional limit for a loaded machine, not a speed target. */
const PUSHED = { timeout: 10_000 };
/** The live function's time limit here: past it the local server answers as API Gateway does for a function that timed out. */
const LIVE_TIMEOUT_MS = 3_000;

describe('live pages in two browsers', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let first: Browser;
  let second: Browser;
  const pageErrors: string[] = [];
  const sessionUrl = (id: string) => `${api.baseUrl}/#/e/${EVENT_ID}/s/${id}`;
  const latencies: string[] = [];
  // The live function's own DynamoDB client: its subscription writes can be held past its time limit.
  const liveFunctionsClient = new FaultInjectingHandler(() => 'pass');
  let holdSubscriptions = false;
  liveFunctionsClient.delay = (operation) => (holdSubscriptions && operation === 'PutItem' ? LIVE_TIMEOUT_MS + 1_000 : 0);

  /** A signed-in tab on a session page, its socket open and subscribed. */
  async function liveTab(browser: Browser, sub: string, sessionId: string): Promise<Page> {
    const page = await tabSignedInAs(browser, api.baseUrl, sub, { pageErrors });
    await page.goto(sessionUrl(sessionId));
    await page.locator('html[data-live="live"]').waitFor(PUSHED);
    await page.locator('.live-state', { hasText: '실시간으로 반영됩니다.' }).waitFor();
    return page;
  }

  /** When the page's last request to a URL ending in `suffix` was answered (its Resource Timing, on the machine's clock). */
  const answeredAt = (page: Page, suffix: string) =>
    page.evaluate((end) => {
      const entry = performance.getEntriesByType('resource').filter((e) => e.name.endsWith(end)).pop() as PerformanceResourceTiming;
      return performance.timeOrigin + entry.responseEnd;
    }, suffix);

  /** Counts the page's reads of `path` from now on: none while it is live, as pushes replace polling. */
  function readsOf(page: Page, path: string): () => number {
    let reads = 0;
    page.on('request', (request) => void (request.method() === 'GET' && new URL(request.url()).pathname === path && reads++));
    return () => reads;
  }

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    api = await startTestApi({ live: true, liveTimeoutMs: LIVE_TIMEOUT_MS, clientConfigOf: (fn) => (fn === 'liveConnections' ? { requestHandler: liveFunctionsClient as never } : {}) });
    await createWebCatalogue(api, { bigDay: false });
    const poll = await api.call('POST', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls`, {
      token: api.adminToken,
      body: { question: '사내에서 생성형 AI를 쓰고 있나요?', options: ['네', '아니요', '검토 중'] },
    });
    assert.equal(poll.status, 201, poll.text);
    [first, second] = [await launchBrowser(), await launchBrowser()];
  });

  after(async () => {
    if (latencies.length > 0) console.log(`push latencies (click or write answered -> shown in the other browser):\n  ${latencies.join('\n  ')}`);
    await first?.close();
    await second?.close();
    await api?.close();
  });

  test('a vote in one browser shows in the other over the socket', async () => {
    const carol = await liveTab(first, 'carol', OVERLAP_A.id);
    const dan = await liveTab(second, 'dan', OVERLAP_A.id);
    const polled = readsOf(dan, `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls`);
    const yesOnDan = dan.locator('.options li').first().locator('.votes');
    assert.equal(await yesOnDan.textContent(), '0표');
    // Dan's page stamps the moment the count changes; Carol's click and her vote's answer are stamped here (one clock).
    const shown = dan.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const votes = document.querySelector('.options li .votes')!.closest('section')!;
          new MutationObserver(() => document.querySelector('.options li .votes')?.textContent === '1표' && resolve(Date.now())).observe(votes, { subtree: true, childList: true, characterData: true });
        }),
    );
    const clicked = Date.now();
    await carol.getByRole('button', { name: '네', exact: true }).click();
    await carol.getByText('"네"에 투표했습니다.').waitFor();
    await yesOnDan.filter({ hasText: '1표' }).waitFor(PUSHED);
    const [shownAt, voteAnswered] = [await shown, await answeredAt(carol, '/vote')];
    latencies.push(`vote: click -> shown ${shownAt - clicked} ms; write answered -> shown ${Math.round(shownAt - voteAnswered)} ms`);
    assert.equal(polled(), 0, 'the count came over the socket, not by reading the polls again');
    assert.equal(await dan.getAttribute('html', 'data-live'), 'live');
    await screenshot(dan, 'live-vote-pushed.png');
    await carol.close();
    await dan.close();
  });

  test('a cancellation frees the seat: the waitlisted attendee in the other browser gets it and is told on every open page', async () => {
    const alice = await liveTab(first, 'alice', SMALL_SESSION.id);
    await alice.getByRole('button', { name: '좌석 예약' }).click();
    await alice.locator('.badge-line', { hasText: '예약 확정' }).waitFor();
    const bob = await liveTab(second, 'bob', SMALL_SESSION.id);
    await bob.getByRole('button', { name: '대기자로 등록' }).click();
    await bob.locator('.badge-line', { hasText: '대기 1번' }).waitFor();
    // Alice's page hears of the line without reloading.
    await alice.locator('.seats-line', { hasText: '만석 (1석) · 대기 1명' }).waitFor(PUSHED);
    // Bob has another page open too: the event's timetable.
    const bobElsewhere = await tabSignedInAs(second, api.baseUrl, 'bob', { pageErrors });
    await bobElsewhere.goto(`${api.baseUrl}/#/e/${EVENT_ID}`);
    await bobElsewhere.locator('html[data-live="live"]').waitFor(PUSHED);
    // The subscription with Bob's token is in place once his page says live and has sent it; give the stream nothing to race.
    await bobElsewhere.waitForFunction(() => document.documentElement.dataset.live === 'live');
    const polledSeats = readsOf(bob, `/events/${EVENT_ID}/sessions/${SMALL_SESSION.id}`);

    const toldAt = bob.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new MutationObserver(() => document.querySelector('.toast:not([hidden])')?.textContent?.includes('좌석이 확정되었습니다') && resolve(Date.now())).observe(document.body, {
            subtree: true,
            childList: true,
            characterData: true,
          });
        }),
    );
    const clicked = Date.now();
    await alice.getByRole('button', { name: '예약 취소' }).click();
    const told = `대기하시던 "${SMALL_SESSION.title}" 세션의 좌석이 확정되었습니다.`;
    await bob.locator('.toast', { hasText: told }).waitFor(PUSHED);
    await alice.getByText('예약을 취소했습니다.').waitFor();
    const [toldOn, cancelAnswered] = [await toldAt, await answeredAt(alice, '/reservation')];
    latencies.push(`cancellation: click -> promoted attendee told ${toldOn - clicked} ms; write answered -> told ${Math.round(toldOn - cancelAnswered)} ms`);
    await bob.locator('.badge-line', { hasText: '예약 확정' }).waitFor(PUSHED);
    await bob.getByText('예약이 확정되었습니다.').waitFor(); // in place of what the line said when he joined
    await bob.locator('.seats-line', { hasText: /^만석 \(1석\)$/ }).waitFor(PUSHED);
    await bobElsewhere.locator('.toast', { hasText: told }).waitFor(PUSHED);
    await alice.locator('.seats-line', { hasText: /^만석 \(1석\)$/ }).waitFor(PUSHED);
    assert.equal(polledSeats(), 0, 'the seats came over the socket');
    await screenshot(bob, 'live-promoted-session.png');
    await screenshot(bobElsewhere, 'live-promoted-timetable.png');
    for (const page of [alice, bob, bobElsewhere]) await page.close();
  });

  test('a dropped socket reconnects, reads what it missed, and takes pushes again', async () => {
    const erin = await liveTab(first, 'erin', OVERLAP_A.id);
    const [poll] = (await api.call('GET', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls`)).body.items;
    const noOnErin = erin.locator('.options li').nth(1).locator('.votes');
    await noOnErin.filter({ hasText: '0표' }).waitFor();
    api.live!.dropAll();
    // While the page is away: a vote nobody can push to it.
    await api.call('PUT', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls/${poll.id}/vote`, { token: await api.tokenFor('missed-1'), body: { option: 1 } });
    await noOnErin.filter({ hasText: '1표' }).waitFor(PUSHED);
    await erin.locator('html[data-live="live"]').waitFor(PUSHED);
    await api.call('PUT', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls/${poll.id}/vote`, { token: await api.tokenFor('pushed-2'), body: { option: 1 } });
    await noOnErin.filter({ hasText: '2표' }).waitFor(PUSHED);
    await erin.close();
  });

  test('a page whose socket cannot open says so and polls', async () => {
    const page = await first.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A live URL where no socket opens (the server refuses the upgrade, as a proxy without WebSocket support would): the page reads every 10 s.
    await page.route('**/config.json', (route) => route.fulfill({ json: { mode: 'local', liveUrl: '/no-socket-here' } }));
    await page.goto(sessionUrl(OVERLAP_A.id));
    await page.locator('html[data-live="polling"]').waitFor({ timeout: 20_000 });
    await page.locator('.live-state', { hasText: '실시간 연결이 되지 않아 10초마다 새로 고칩니다.' }).waitFor();
    const maybe = page.locator('.options li').nth(2).locator('.votes');
    await maybe.filter({ hasText: '0표' }).waitFor();
    const [poll] = (await api.call('GET', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls`)).body.items;
    await api.call('PUT', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls/${poll.id}/vote`, { token: await api.tokenFor('polled-1'), body: { option: 2 } });
    await maybe.filter({ hasText: '1표' }).waitFor({ timeout: 25_000 });
    await screenshot(page, 'live-fallback-polling.png');
    await page.close();
  });

  test('a session cancelled while its page is open says so at once, banner and all', async () => {
    const made = await api.call('POST', `/events/${EVENT_ID}/sessions`, { token: api.adminToken, body: session({ id: 'called-off-live', speakerIds: [], capacity: 20 }) });
    assert.equal(made.status, 201, made.text);
    const page = await liveTab(second, 'fran', 'called-off-live');
    const banner = page.getByText('취소된 세션입니다.');
    assert.equal(await banner.isVisible(), false);
    const etag = (await api.call('GET', `/events/${EVENT_ID}/sessions/called-off-live`)).headers.get('etag')!;
    const cancelled = await api.call('PATCH', `/events/${EVENT_ID}/sessions/called-off-live`, { token: api.adminToken, headers: { 'if-match': etag }, body: { status: 'cancelled' } });
    assert.equal(cancelled.status, 200, cancelled.text);
    await banner.waitFor(PUSHED);
    await page.close();
  });

  test('a subscribe that timed out (API Gateway answers for the function) does not stop the page subscribing again', async () => {
    const page = await tabSignedInAs(first, api.baseUrl, 'gina', { pageErrors });
    // What the page's socket sends and hears: subscribes, and the answers to them (anything not a push, which names its session).
    let sent = 0;
    const answers: string[] = [];
    page.on('websocket', (ws) => {
      ws.on('framesent', ({ payload }) => void (String(payload).includes('"subscribe"') && sent++));
      ws.on('framereceived', ({ payload }) => void (!String(payload).includes('"eventId"') && answers.push(String(payload))));
    });
    const until = async (what: string, done: () => boolean) => {
      for (let waited = 0; !done(); waited += 50) {
        if (waited > 20_000) assert.fail(`still waiting for ${what}: ${sent} subscribes sent, answers ${JSON.stringify(answers)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    /** Every subscribe sent is answered, and stays so for a moment (a page may send a second as it settles). */
    const settled = async () => {
      for (let calm = 0; calm < 6; calm = sent === answers.length ? calm + 1 : 0) await new Promise((r) => setTimeout(r, 50));
    };
    // Signing in loaded the page: loaded again, its socket is one the test hears.
    await page.goto(sessionUrl(OVERLAP_A.id));
    await page.reload();
    await page.locator('html[data-live="live"]').waitFor(PUSHED);
    await until('the first subscribe', () => sent > 0);
    await settled();

    // The page moves to another session; that subscribe outlasts the function's limit.
    holdSubscriptions = true;
    const answered = answers.length;
    await page.goto(sessionUrl(SMALL_SESSION.id));
    await until('the timeout', () => answers.slice(answered).some((answer) => answer.includes('Internal server error')));
    holdSubscriptions = false;

    // Back to the first session: its subscribe must be sent, or its pushes never come (a live page does not poll).
    await page.goto(sessionUrl(OVERLAP_A.id));
    const votes = page.locator('.options li').nth(1).locator('.votes');
    const counted = Number((await votes.textContent())!.replace(/\D/g, ''));
    await until('a subscribe after the timeout', () => answers.slice(answered).some((answer) => answer.includes('"subscribed"')));
    await settled();
    const [poll] = (await api.call('GET', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls`)).body.items;
    const voted = await api.call('PUT', `/events/${EVENT_ID}/sessions/${OVERLAP_A.id}/polls/${poll.id}/vote`, { token: await api.tokenFor('timed-out-voter'), body: { option: 1 } });
    assert.ok(voted.status === 200 || voted.status === 201, voted.text);
    await votes.filter({ hasText: `${counted + 1}표` }).waitFor(PUSHED);
    await page.close();
  });

  test('no page error', () => assert.deepEqual(pageErrors, []));
});
