/**
 * The attendee's check-in code on their agenda, in headless Chromium: a
 * confirmed reservation shows a QR code whose modules are exactly the QR
 * encoding of the code printed beneath it (so a phone scanning it reads
 * that code), a waitlisted one shows none; the code read off the page
 * checks the attendee in, and the agenda then says so.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { encode } from 'uqr';
import { buildWeb } from '../../local/build-web';
import { qrPath } from '../../web/src/qr-path';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { browserSkipReason, launchBrowser, tabSignedInAs as signIn, type Browser } from '../support/browser';

const RESULTS = new URL('../../test-results/', import.meta.url);

describe('the check-in code on the agenda', { skip: browserSkipReason() }, () => {
  let api: TestApi;
  let browser: Browser;
  const pageErrors: string[] = [];

  const tabSignedInAs = (sub: string) => signIn(browser, api.baseUrl, sub, { pageErrors });

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    buildWeb();
    api = await startTestApi();
    await createSampleEvent(api);
    const made = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id: 'door', capacity: 1 }) });
    assert.equal(made.status, 201, made.text);
    for (const who of ['gil', 'hana']) assert.equal((await api.call('PUT', '/events/summit/sessions/door/reservation', { token: await api.tokenFor(who) })).status, 201);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
  });

  test('a confirmed seat shows its code as a QR code and in text; the code checks in, and the agenda says so', async () => {
    const gil = await tabSignedInAs('gil');
    await gil.goto(`${api.baseUrl}/#/e/summit/agenda`);
    await gil.getByText('입장 코드 보기').click();
    const code = (await gil.locator('.check-in-code figcaption code').textContent())!;
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const qr = gil.getByRole('img', { name: `입장 QR 코드 ${code}` });
    assert.equal(await qr.locator('path').getAttribute('d'), qrPath(encode(code, { ecc: 'M', border: 2 }).data), 'the QR code encodes the code shown');
    const box = (await qr.boundingBox())!;
    assert.ok(box.width >= 150, `the QR code is ${box.width}px wide: big enough to scan`);
    await gil.screenshot({ path: new URL('check-in-code.png', RESULTS).pathname, fullPage: true });

    const organiser = await api.tokenFor('door-staff', { organiserOf: ['summit'] });
    const checkedIn = await api.call('POST', '/events/summit/sessions/door/check-ins', { token: organiser, body: { code } });
    assert.equal(checkedIn.status, 201, checkedIn.text);
    await gil.reload();
    await gil.getByText('입장 확인됨 · 코드 보기').waitFor();
    await gil.close();

    const hana = await tabSignedInAs('hana');
    await hana.goto(`${api.baseUrl}/#/e/summit/agenda`);
    await hana.getByText('대기 1번').waitFor();
    assert.equal(await hana.locator('.check-in-code').count(), 0, 'a waitlisted reservation has no code');
    await hana.close();
    assert.deepEqual(pageErrors, []);
  });
});
