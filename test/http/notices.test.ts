/**
 * Told when it matters: a waitlisted attendee given a seat gets one notice
 * (the outbox item of the promotion's transaction), told on their open page
 * and mailed (locally, a file in the outbox folder) once, even when the
 * promotion's response was lost and the transaction retried, or the notice
 * handed to the mailer twice; never mailed when they turned email off.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { FaultInjectingHandler } from '../support/faults';
import { openLive, type LiveClient } from '../support/live-client';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { attendeePartition } from '../../lambda/store/keys';
import { queryAll } from '../../lambda/store/query-page';
import { createNoticeMailer } from '../../lambda/notices/mail-notice';
import { outboxFolderSender } from '../../local/mail-outbox';

const faults = new FaultInjectingHandler(() => 'pass');
let api: TestApi;
const clients: LiveClient[] = [];
const doc = createDocumentClient();

before(async () => {
  // The SDK's config type names its own copy of @smithy/protocol-http; the handler speaks the same interface.
  api = await startTestApi({ live: true, clientConfig: { requestHandler: faults as never } });
  await createSampleEvent(api);
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await api.close();
  doc.destroy();
});

const noticesOf = (attendeeId: string) =>
  queryAll<Record<string, unknown>>(doc, {
    TableName: api.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :notice)',
    ExpressionAttributeValues: { ':pk': attendeePartition(attendeeId), ':notice': 'NOTICE#' },
    ConsistentRead: true,
  });
const outbox = () => readdirSync(api.outboxFolder).map((name) => JSON.parse(readFileSync(join(api.outboxFolder, name), 'utf8')) as { to: string; subject: string; text: string });

/** A full session of one seat held by `holder`, and `waiting` in line, whose page is open and subscribed with their token. */
async function lineBehind(sessionId: string, holder: string, waiting: string, preferences: object) {
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id: sessionId, capacity: 1, title: `세션 ${sessionId}` }) });
  assert.equal(created.status, 201, created.text);
  const [holderToken, waitingToken] = [await api.tokenFor(holder), await api.tokenFor(waiting)];
  assert.equal((await api.call('PUT', '/me/preferences', { token: waitingToken, body: preferences })).status, 200);
  assert.equal((await api.call('PUT', `/events/summit/sessions/${sessionId}/reservation`, { token: holderToken })).body.status, 'confirmed');
  assert.equal((await api.call('PUT', `/events/summit/sessions/${sessionId}/reservation`, { token: waitingToken })).body.status, 'waitlisted');
  const page = await openLive(api.liveUrl);
  clients.push(page);
  await page.subscribe([], waitingToken);
  return { holderToken, page };
}

describe('the outbox', () => {
  test('a promotion whose response was lost (the SDK sends the transaction again) writes one notice, tells once and mails once', async () => {
    const { holderToken, page } = await lineBehind('lost-answer', 'lost-holder', 'lost-waiting', { emailNotices: true, email: 'waiting@example.com' });
    const lostBefore = faults.counts['lose-response'];
    let lose = 1;
    faults.plan = (operation) => (operation === 'TransactWriteItems' && lose-- > 0 ? 'lose-response' : 'pass');
    const cancelled = await api.call('DELETE', '/events/summit/sessions/lost-answer/reservation', { token: holderToken });
    faults.plan = () => 'pass';
    assert.equal(cancelled.status, 204, cancelled.text);
    assert.equal(faults.counts['lose-response'] - lostBefore, 1, 'the promotion was applied and its answer lost');
    await page.next((m) => m.type === 'promoted' && m.sessionId === 'lost-answer');
    await api.changesCaughtUp();
    await api.noticesIdle();
    const notices = await noticesOf('lost-waiting');
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.mail, 'sent');
    assert.equal(page.messages.filter((m) => m.type === 'promoted').length, 1);
    const mails = outbox().filter((m) => m.to === 'waiting@example.com');
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /좌석이 확정되었습니다: 세션 lost-answer/);
    assert.match(mails[0]!.text, new RegExp(`${api.baseUrl}/#/e/summit/s/lost-answer`));
    const listed = await api.call('GET', '/outbox');
    assert.equal(listed.status, 200);
    assert.match(listed.text, /좌석이 확정되었습니다: 세션 lost-answer/);
  });

  test('a notice handed to the mailer again, or twice at once (a stream retry), is mailed once', async () => {
    const { holderToken, page } = await lineBehind('handed-twice', 'twice-holder', 'twice-waiting', { emailNotices: true, email: 'twice@example.com' });
    assert.equal((await api.call('DELETE', '/events/summit/sessions/handed-twice/reservation', { token: holderToken })).status, 204);
    await page.next((m) => m.type === 'promoted' && m.sessionId === 'handed-twice');
    await api.noticesIdle();
    const [notice] = await noticesOf('twice-waiting');
    const mail = createNoticeMailer(createStores(doc, api.tableName), outboxFolderSender(api.outboxFolder, 'catalogue@localhost'), api.baseUrl);
    const key = { pk: String(notice!.pk), sk: String(notice!.sk) };
    assert.deepEqual(await Promise.all([mail(key), mail(key)]), ['done', 'done']);
    assert.equal(outbox().filter((m) => m.to === 'twice@example.com').length, 1);
  });
});

describe('email preferences', () => {
  test('email off: the open page is told, no message is written, the notice is marked skipped', async () => {
    const { holderToken, page } = await lineBehind('email-off', 'off-holder', 'off-waiting', { emailNotices: false, email: 'off@example.com' });
    assert.equal((await api.call('DELETE', '/events/summit/sessions/email-off/reservation', { token: holderToken })).status, 204);
    await page.next((m) => m.type === 'promoted' && m.sessionId === 'email-off');
    await api.changesCaughtUp();
    await api.noticesIdle();
    assert.deepEqual((await noticesOf('off-waiting')).map((n) => n.mail), ['skipped']);
    assert.equal(outbox().filter((m) => m.to === 'off@example.com').length, 0);
  });

  test('preferences read back as set; until set, email is on with no address; a bad address is refused and changes nothing', async () => {
    const token = await api.tokenFor('prefs-1');
    assert.deepEqual((await api.call('GET', '/me/preferences', { token })).body, { emailNotices: true });
    assert.deepEqual((await api.call('PUT', '/me/preferences', { token, body: { emailNotices: true, email: 'me@example.com' } })).body, { emailNotices: true, email: 'me@example.com' });
    const bad = await api.call('PUT', '/me/preferences', { token, body: { emailNotices: false, email: 'not an address' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ['body.email']);
    assert.deepEqual((await api.call('GET', '/me/preferences', { token })).body, { emailNotices: true, email: 'me@example.com' });
    assert.equal((await api.call('PUT', '/me/preferences', { body: { emailNotices: false } })).status, 401);
  });
});
