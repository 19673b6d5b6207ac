/**
 * The door, over HTTP against DynamoDB Local: an attendee's code on their
 * reservation and agenda; the roster (organisers of the event and admins
 * only, paged over every seat shard, CSV); checking in once (concurrent
 * scans of one code check in exactly once; the same scan again is answered
 * the same; another session's code is a 422 naming `code`); queued scans
 * with their own time, bounded; the batch form; counts per session; and a
 * cancellation after a check-in keeps the counts true (seat audit).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { auditSeats } from '../support/seat-audit';

let api: TestApi;
let organiser: string;
let outsider: string;
const fans: string[] = [];

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  organiser = await api.tokenFor('door-staff', { organiserOf: ['summit'] });
  outsider = await api.tokenFor('other-staff', { organiserOf: ['elsewhere'] });
  for (let i = 0; i < 10; i++) fans.push(await api.tokenFor(`fan-${i}`));
});
after(() => api.close());

const path = (id: string, eventId = 'summit') => `/events/${eventId}/sessions/${id}`;
const create = async (id: string, overrides: Record<string, unknown>, eventId = 'summit') => {
  const made = await api.call('POST', `/events/${eventId}/sessions`, { token: api.adminToken, body: reservable({ id, ...overrides }) });
  assert.equal(made.status, 201, made.text);
};
const reserve = async (who: number, id: string) => {
  const answer = await api.call('PUT', `${path(id)}/reservation`, { token: fans[who] });
  assert.equal(answer.status, 201, answer.text);
  return answer.body as { status: string; checkInCode?: string; createdAt: string };
};
const scan = (id: string, body: unknown, token = organiser, eventId = 'summit') => api.call('POST', `${path(id, eventId)}/check-ins`, { token, body });
const roster = (id: string, query = '', token = organiser, headers: Record<string, string> = {}) => api.call('GET', `${path(id)}/roster${query}`, { token, headers });

test('a confirmed reservation carries a code to show, on the reservation and on the agenda; a waitlisted one none', async () => {
  await create('codes', { capacity: 1 });
  const confirmed = await reserve(0, 'codes');
  const waiting = await reserve(1, 'codes');
  assert.match(confirmed.checkInCode ?? '', /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(waiting.checkInCode, undefined);
  // Asked again, the same code.
  assert.equal((await reserve(0, 'codes')).checkInCode, confirmed.checkInCode);
  const agenda = await api.call('GET', '/me/agenda?eventId=summit', { token: fans[0] });
  assert.equal(agenda.body.items.find((s: { id: string }) => s.id === 'codes').reservation.checkInCode, confirmed.checkInCode);
  const mine = await api.call('GET', '/me/reservations?eventId=summit', { token: fans[0] });
  assert.equal(mine.body.items[0].checkInCode, confirmed.checkInCode);
});

test('the roster and the counts are for the event’s organisers and admins: 401 without a token, 403 for others, nothing disclosed', async () => {
  await create('private', { capacity: 2 });
  await reserve(0, 'private');
  assert.equal((await roster('private', '', '')).status, 401);
  // An attendee's token is not a staff token at all (401); an organiser of another event is refused (403).
  for (const [token, status] of [[fans[0]!, 401], [outsider, 403]] as const) {
    const refused = await roster('private', '', token);
    assert.equal(refused.status, status, refused.text);
    assert.ok(!refused.text.includes('fan-0'));
    assert.equal((await api.call('GET', '/events/summit/check-ins', { token })).status, status);
    assert.equal((await scan('private', { code: 'AAAA-AAAA-AAAA' }, token)).status, status);
  }
  assert.equal((await roster('private', '', api.adminToken)).status, 200);
});

test('checking in: once; the same scan again answers as the first time; another scan a 409 saying when; the roster and counts show it', async () => {
  await create('talk', { capacity: 2 });
  const { checkInCode } = await reserve(0, 'talk');
  await reserve(1, 'talk');
  await reserve(2, 'talk'); // waitlisted
  const first = await scan('talk', { code: checkInCode!.toLowerCase().replace(/-/g, ' '), scanId: 'phone-1#17' });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.attendeeId, 'fan-0');
  const replay = await scan('talk', { code: checkInCode, scanId: 'phone-1#17' });
  assert.equal(replay.status, 200, replay.text);
  assert.deepEqual(replay.body, first.body);
  const again = await scan('talk', { code: checkInCode, scanId: 'phone-2#3' });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.headers.get('content-type'), 'application/problem+json');
  assert.equal(again.body.checkedInAt, first.body.checkedInAt);
  assert.equal(again.body.errors[0].path, 'body.code');

  const page = await roster('talk');
  assert.equal(page.status, 200, page.text);
  assert.deepEqual(page.body.counts, { capacity: 2, confirmed: 2, checkedIn: 1, waitlisted: 1 });
  assert.deepEqual(
    page.body.items.map((r: { status: string; attendeeId: string; checkedInAt?: string }) => [r.status, r.attendeeId, r.checkedInAt ?? null]),
    [['confirmed', 'fan-0', first.body.checkedInAt], ['confirmed', 'fan-1', null], ['waitlisted', 'fan-2', null]],
  );
  const counts = await api.call('GET', '/events/summit/check-ins?limit=100', { token: organiser });
  assert.deepEqual(
    counts.body.items.find((s: { sessionId: string }) => s.sessionId === 'talk'),
    { sessionId: 'talk', title: counts.body.items.find((s: { sessionId: string }) => s.sessionId === 'talk').title, status: 'scheduled', capacity: 2, confirmed: 2, checkedIn: 1, waitlisted: 1 },
  );
  // The attendee sees it on their agenda.
  const agenda = await api.call('GET', '/me/agenda?eventId=summit', { token: fans[0] });
  assert.equal(agenda.body.items.find((s: { id: string }) => s.id === 'talk').reservation.checkedInAt, first.body.checkedInAt);
  // The public session shows no check-in count.
  assert.deepEqual(Object.keys((await api.call('GET', path('talk'))).body.seats).sort(), ['capacity', 'taken', 'waitlisted']);
});

test('bad input is a 400 naming the field, a code of another session a 422 naming code, and nothing is written', async () => {
  await create('here', { capacity: 3 });
  await create('there', { capacity: 3 });
  const { checkInCode: elsewhere } = await reserve(3, 'there');
  await reserve(3, 'here');
  for (const [body, field] of [
    [{}, 'body.code'],
    [{ code: 'NOT-A-CODE' }, 'body.code'],
    [{ code: 'AAAA-AAAA-AAAU' }, 'body.code'],
    [{ code: elsewhere, scannedAt: 'yesterday' }, 'body.scannedAt'],
    [{ code: elsewhere, scannedAt: new Date(Date.now() + 3600_000).toISOString() }, 'body.scannedAt'],
    [{ code: elsewhere, scanId: '' }, 'body.scanId'],
    [{ code: elsewhere, extra: 1 }, 'body'],
  ] as const) {
    const refused = await scan('here', body);
    assert.equal(refused.status, 400, `${JSON.stringify(body)}: ${refused.text}`);
    assert.ok(refused.body.errors.some((e: { path: string }) => e.path.startsWith(field)), refused.text);
  }
  const wrong = await scan('here', { code: elsewhere });
  assert.equal(wrong.status, 422, wrong.text);
  assert.deepEqual(wrong.body.errors.map((e: { path: string }) => e.path), ['body.code']);
  assert.equal((await roster('here')).body.counts.checkedIn, 0);
  assert.equal((await roster('there')).body.counts.checkedIn, 0);
  assert.equal((await scan('nowhere', { code: elsewhere })).status, 404);
});

test('a scan queued offline keeps its own time, bounded by the session’s day; a code of a cancelled or re-made reservation does not check in', async () => {
  // An event of today and tomorrow (UTC), and a session starting in an hour (its day: today or, just before midnight, tomorrow).
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const event = await api.call('PUT', '/events/today', { token: api.adminToken, body: { name: 'Today', timezone: 'UTC', days: [{ date: day(0) }, { date: day(1) }] } });
  assert.equal(event.status, 201, event.text);
  const startsAt = new Date(Date.now() + 3600_000);
  startsAt.setUTCSeconds(0, 0);
  const endsAt = new Date(startsAt.getTime() + 3600_000);
  await create('timed', { capacity: 3, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }, 'today');
  const reserved = await api.call('PUT', `${path('timed', 'today')}/reservation`, { token: fans[4] });
  assert.equal(reserved.status, 201, reserved.text);
  const { checkInCode } = reserved.body;
  const dayStart = Date.parse(`${startsAt.toISOString().slice(0, 10)}T00:00:00Z`);
  const early = await scan('timed', { code: checkInCode, scannedAt: new Date(dayStart - 1000).toISOString() }, api.adminToken, 'today');
  assert.equal(early.status, 400, early.text);
  assert.deepEqual(early.body.errors.map((e: { path: string }) => e.path), ['body.scannedAt']);
  const queued = new Date(Math.max(dayStart, Date.now() - 60_000)).toISOString();
  const done = await scan('timed', { code: checkInCode, scannedAt: queued }, api.adminToken, 'today');
  assert.equal(done.status, 201, done.text);
  assert.equal(done.body.scannedAt, queued);
  assert.ok(Date.parse(done.body.checkedInAt) >= Date.parse(queued));

  await create('remade', { capacity: 3 });
  const old = await reserve(5, 'remade');
  assert.equal((await api.call('DELETE', `${path('remade')}/reservation`, { token: fans[5] })).status, 204);
  const gone = await scan('remade', { code: old.checkInCode });
  assert.equal(gone.status, 422, gone.text);
  await new Promise((r) => setTimeout(r, 5));
  const renewed = await reserve(5, 'remade');
  assert.notEqual(renewed.checkInCode, old.checkInCode);
  const stale = await scan('remade', { code: old.checkInCode });
  assert.equal(stale.status, 422, stale.text);
  assert.match(stale.body.errors[0].message, /earlier reservation/);
  assert.equal((await scan('remade', { code: renewed.checkInCode })).status, 201);
});

test('concurrent scans of one code over several shards check in exactly once; a cancel after it keeps the counts true', async () => {
  await create('sharded', { capacity: 6, seatShards: 4 });
  const codes: string[] = [];
  for (let who = 0; who < 8; who++) codes.push((await reserve(who, 'sharded')).checkInCode ?? '');
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => scan('sharded', { code: codes[0], scanId: `phone-${i}` })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409], answers.map((a) => a.text).join('\n'));
  assert.equal((await scan('sharded', { code: codes[1] })).status, 201);
  await auditSeats(api.tableName, 'summit', 'sharded');
  assert.deepEqual((await roster('sharded')).body.counts, { capacity: 6, confirmed: 6, checkedIn: 2, waitlisted: 2 });
  // fan-0 leaves after checking in: the seat goes to the head of the line, the count follows.
  assert.equal((await api.call('DELETE', `${path('sharded')}/reservation`, { token: fans[0] })).status, 204);
  await auditSeats(api.tableName, 'summit', 'sharded');
  const after = await roster('sharded', '?limit=100');
  assert.deepEqual(after.body.counts, { capacity: 6, confirmed: 6, checkedIn: 1, waitlisted: 1 });
  assert.equal(after.body.items.filter((r: { checkedInAt?: string }) => r.checkedInAt).length, 1);
});

test('the roster pages over every shard with signed cursors, confirmed then the line; the CSV is the whole roster, Excel-ready', async () => {
  await create('paged', { capacity: 5, seatShards: 3, title: '쿠버네티스, "실전" 운영\n2부' });
  for (let who = 0; who < 9; who++) await reserve(who, 'paged');
  const rows: { status: string; attendeeId: string; place?: number }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { status: number; text: string; body: { items: typeof rows; nextCursor: string | null } } = await roster('paged', `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, page.text);
    assert.ok(page.body.items.length <= 2);
    rows.push(...page.body.items);
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  assert.deepEqual(rows.filter((r) => r.status === 'confirmed').map((r) => r.attendeeId), ['fan-0', 'fan-1', 'fan-2', 'fan-3', 'fan-4']);
  const line = rows.filter((r) => r.status === 'waitlisted');
  assert.deepEqual(line.map((r) => r.attendeeId), ['fan-5', 'fan-6', 'fan-7', 'fan-8']);
  assert.deepEqual(line.map((r) => r.place), [...line.map((r) => r.place!)].sort((a, b) => a - b));
  // A cursor of another session's roster, or altered, is a 400 naming it.
  const other = (await roster('talk', '?limit=1')).body.nextCursor;
  assert.equal((await roster('paged', `?cursor=${encodeURIComponent(other)}`)).status, 400);
  assert.equal((await roster('paged', '?cursor=abc.def')).body.errors[0].path, 'query.cursor');
  assert.equal((await roster('paged', '?format=xml')).body.errors[0].path, 'query.format');

  for (const asked of [{ query: '?format=csv', headers: {} as Record<string, string> }, { query: '', headers: { accept: 'text/csv' } }]) {
    // The bytes as sent (fetch's text() would drop the BOM).
    const csv = await fetch(`${api.baseUrl}${path('paged')}/roster${asked.query}`, { headers: { authorization: `Bearer ${organiser}`, ...asked.headers } });
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'status,place,attendeeId,checkedInAt,scannedAt,sessionId,sessionTitle');
    assert.ok(lines[1]!.startsWith('confirmed,,fan-0,,,paged,"쿠버네티스, ""실전"" 운영\n2부"'), lines[1]);
    assert.equal(lines.length - 2, 9, 'nine rows, then the final CRLF');
  }
});

test('the batch form checks a phone’s queue in, one result per scan, bad ones not stopping the rest', async () => {
  await create('queue', { capacity: 4 });
  const codes: string[] = [];
  for (let who = 0; who < 3; who++) codes.push((await reserve(who, 'queue')).checkInCode!);
  const batch = await api.call('POST', `${path('queue')}/check-ins/batch`, {
    token: organiser,
    body: { scans: [{ code: codes[0], scanId: 'a' }, { code: 'bad' }, { code: codes[1] }, { code: codes[0], scanId: 'a' }, { code: codes[0], scanId: 'b' }] },
  });
  assert.equal(batch.status, 200, batch.text);
  assert.deepEqual(batch.body.results.map((r: { status: number }) => r.status), [201, 400, 201, 200, 409]);
  assert.equal(batch.body.results[1].problem.errors[0].path, 'body.scans[1].code');
  assert.equal(batch.body.results[4].problem.checkedInAt, batch.body.results[0].checkIn.checkedInAt);
  const refused = await api.call('POST', `${path('queue')}/check-ins/batch`, { token: organiser, body: { scans: [] } });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.errors[0].path, 'body.scans');
  assert.equal((await roster('queue')).body.counts.checkedIn, 2);
});

test('a cancelled session releases its checked-in seats with the rest: the counts follow, and its codes are refused', async () => {
  await create('called-off', { capacity: 2, seatShards: 2 });
  const { checkInCode } = await reserve(0, 'called-off');
  await reserve(1, 'called-off');
  await reserve(2, 'called-off');
  assert.equal((await scan('called-off', { code: checkInCode })).status, 201);
  const etag = (await api.call('GET', path('called-off'))).headers.get('etag')!;
  const cancelled = await api.call('PATCH', path('called-off'), { token: api.adminToken, headers: { 'if-match': etag }, body: { status: 'cancelled' } });
  assert.equal(cancelled.status, 200, cancelled.text);
  await auditSeats(api.tableName, 'summit', 'called-off');
  assert.deepEqual((await roster('called-off')).body.counts, { capacity: 2, confirmed: 0, checkedIn: 0, waitlisted: 0 });
  const refused = await scan('called-off', { code: checkInCode });
  assert.equal(refused.status, 409, refused.text);
  assert.match(refused.body.detail, /cancelled/);
});
