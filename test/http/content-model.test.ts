/**
 * The content model (issue 13, item 1) over real HTTP and DynamoDB Local: an
 * event's own types, rooms and levels (listed with counts), a room's
 * capacity as a session's default, titles and abstracts in several
 * languages picked by ?lang= or Accept-Language with fallback, Content-Language,
 * Vary and per-language ETags, links on sessions and speakers, and sessions
 * stored before languages reading as the event's default language.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { sessionKey } from '../../lambda/store/keys';
import { createCatalogueStore } from '../../lambda/store/catalogue-store';
import { createCursors } from '../../lambda/store/cursor';
import { stampSessionLanguages } from '../../lambda/catalogue/stamp-languages';
import { randomBytes } from 'node:crypto';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const EVENT = '/events/summit';

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const current = await api.call('GET', EVENT);
  const { id: _id, version: _version, ...fields } = current.body;
  const put = await api.call('PUT', EVENT, {
    token: api.adminToken,
    headers: { 'if-match': current.headers.get('etag')! },
    body: {
      ...fields,
      defaultLanguage: 'ko',
      types: ['keynote', 'breakout', 'chalk-talk', 'builders-session'],
      rooms: [
        { name: 'Room 101', capacity: 120, floor: '3F', note: 'next to the escalator' },
        { name: 'Hall A', capacity: 2000 },
      ],
      levels: ['200', '300', '400'],
    },
  });
  assert.equal(put.status, 200, put.text);
});
after(() => api.close());

const create = (fields: Record<string, unknown>) => api.call('POST', `${EVENT}/sessions`, { token: api.adminToken, body: session(fields) });

test('an event keeps its types, rooms, levels and default language', async () => {
  const event = (await api.call('GET', EVENT)).body;
  assert.equal(event.defaultLanguage, 'ko');
  assert.deepEqual(event.types, ['keynote', 'breakout', 'chalk-talk', 'builders-session']);
  assert.deepEqual(event.rooms[0], { name: 'Room 101', capacity: 120, floor: '3F', note: 'next to the escalator' });
  assert.deepEqual(event.levels, ['200', '300', '400']);
});

test("a session of one of the event's own types is taken; one outside them is a 400 naming type, and nothing is written", async () => {
  const chalk = await create({ id: 'chalk-1', type: 'chalk-talk' });
  assert.equal(chalk.status, 201, chalk.text);
  assert.equal(chalk.body.type, 'chalk-talk');
  const expo = await create({ id: 'expo-1', type: 'expo' });
  assert.equal(expo.status, 400, expo.text);
  assert.equal(expo.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(expo.body.errors.map((e: { path: string }) => e.path), ['body.type']);
  assert.match(expo.body.errors[0].message, /chalk-talk/);
  assert.equal((await api.call('GET', `${EVENT}/sessions/expo-1`)).status, 404);
  const filtered = await api.call('GET', `${EVENT}/sessions?type=chalk-talk`);
  assert.deepEqual(filtered.body.items.map((s: { id: string }) => s.id), ['chalk-1']);
  const notTheirs = await api.call('GET', `${EVENT}/sessions?type=expo`);
  assert.equal(notTheirs.status, 400, notTheirs.text);
  assert.deepEqual(notTheirs.body.errors.map((e: { path: string }) => e.path), ['query.type']);
  // A status filter alone reads every one of the event's types, its own among them.
  const scheduled = await api.call('GET', `${EVENT}/sessions?status=scheduled`);
  assert.ok(scheduled.body.items.some((s: { id: string }) => s.id === 'chalk-1'), scheduled.text);
});

test('a room or level the event does not list is a 400 naming it, and nothing is written', async () => {
  const result = await create({ id: 'nowhere', room: 'Room 999', level: '900' });
  assert.equal(result.status, 400, result.text);
  assert.deepEqual(result.body.errors.map((e: { path: string }) => e.path).sort(), ['body.level', 'body.room']);
  assert.equal((await api.call('GET', `${EVENT}/sessions/nowhere`)).status, 404);
});

test("a session placed in a room without a capacity of its own takes the room's; an explicit one (or null) wins", async () => {
  const { capacity: _c, ...withoutCapacity } = session({ id: 'in-hall', room: 'Hall A' });
  const defaulted = await api.call('POST', `${EVENT}/sessions`, { token: api.adminToken, body: withoutCapacity });
  assert.equal(defaulted.status, 201, defaulted.text);
  assert.equal(defaulted.body.capacity, 2000);
  assert.equal(defaulted.body.seats.capacity, 2000);
  const read = await api.call('GET', `${EVENT}/sessions/in-hall`);
  assert.equal(read.body.capacity, 2000);
  assert.equal((await create({ id: 'small', room: 'Hall A', capacity: 30 })).body.capacity, 30);
  assert.equal((await create({ id: 'open', room: 'Hall A', capacity: null })).body.capacity, null);
});

test('rooms, levels and types are listed in the event’s order with their session counts', async () => {
  const rooms = await api.call('GET', `${EVENT}/rooms`);
  assert.equal(rooms.status, 200, rooms.text);
  const hall = rooms.body.items.find((r: { room: string }) => r.room === 'Hall A');
  assert.deepEqual(hall, { room: 'Hall A', capacity: 2000, sessions: 3 });
  assert.deepEqual(rooms.body.items[0], { room: 'Room 101', capacity: 120, floor: '3F', note: 'next to the escalator', sessions: 1 });
  const types = await api.call('GET', `${EVENT}/types`);
  assert.deepEqual(types.body.items.map((t: { type: string }) => t.type), ['keynote', 'breakout', 'chalk-talk', 'builders-session']);
  assert.equal(types.body.items.find((t: { type: string }) => t.type === 'chalk-talk').sessions, 1);
  assert.equal(types.body.items.find((t: { type: string }) => t.type === 'breakout').sessions, 3);
  const levels = await api.call('GET', `${EVENT}/levels`);
  assert.deepEqual(levels.body.items, [
    { level: '200', sessions: 0 },
    { level: '300', sessions: 4 },
    { level: '400', sessions: 0 },
  ]);
  assert.equal((await api.call('GET', '/events/nope/rooms')).status, 404);
});

test('bad event vocabulary is a 400 naming the field, and the event stays as it was', async () => {
  const current = await api.call('GET', EVENT);
  const { id: _id, version: _version, ...fields } = current.body;
  const bad = await api.call('PUT', EVENT, {
    token: api.adminToken,
    headers: { 'if-match': current.headers.get('etag')! },
    body: { ...fields, types: ['Chalk Talk'], rooms: [{ name: 'A' }, { name: 'A', capacity: -1 }], defaultLanguage: 'korean!' },
  });
  assert.equal(bad.status, 400, bad.text);
  const paths = bad.body.errors.map((e: { path: string }) => e.path).sort();
  assert.deepEqual(paths, ['body.defaultLanguage', 'body.rooms[1].capacity', 'body.rooms[1].name', 'body.types[0]']);
  assert.deepEqual((await api.call('GET', EVENT)).body, current.body);
});

test('a title in two languages answers in the asked one, falls back to the default, and says which', async () => {
  const created = await create({
    id: 'bilingual',
    title: { ko: '그래비톤 최적화', en: 'Optimising with Graviton' },
    abstract: { ko: '빠르고 저렴하게', en: 'Fast and cheap' },
  });
  assert.equal(created.status, 201, created.text);
  const ko = await api.call('GET', `${EVENT}/sessions/bilingual`);
  assert.equal(ko.body.title, '그래비톤 최적화');
  assert.equal(ko.headers.get('content-language'), 'ko');
  assert.match(ko.headers.get('vary') ?? '', /Accept-Language/);
  assert.deepEqual(ko.body.translations, { ko: { title: '그래비톤 최적화', abstract: '빠르고 저렴하게' }, en: { title: 'Optimising with Graviton', abstract: 'Fast and cheap' } });

  const en = await api.call('GET', `${EVENT}/sessions/bilingual`, { headers: { 'accept-language': 'en-US,en;q=0.9,ko;q=0.5' } });
  assert.equal(en.body.title, 'Optimising with Graviton');
  assert.equal(en.body.abstract, 'Fast and cheap');
  assert.equal(en.body.contentLanguage, 'en');
  assert.equal(en.headers.get('content-language'), 'en');
  assert.notEqual(en.headers.get('etag'), ko.headers.get('etag'));
  // The Korean copy's ETag does not answer 304 for English.
  const revalidated = await api.call('GET', `${EVENT}/sessions/bilingual?lang=en`, { headers: { 'if-none-match': ko.headers.get('etag')! } });
  assert.equal(revalidated.status, 200);
  assert.equal(revalidated.body.title, 'Optimising with Graviton');
  const same = await api.call('GET', `${EVENT}/sessions/bilingual?lang=en`, { headers: { 'if-none-match': en.headers.get('etag')! } });
  assert.equal(same.status, 304);
  assert.match(same.headers.get('vary') ?? '', /Accept-Language/);
  // ?lang= wins over the header; a language the session lacks falls back to its own.
  assert.equal((await api.call('GET', `${EVENT}/sessions/bilingual?lang=ko`, { headers: { 'accept-language': 'en' } })).body.title, '그래비톤 최적화');
  const ja = await api.call('GET', `${EVENT}/sessions/bilingual?lang=ja`);
  assert.equal(ja.body.title, '그래비톤 최적화');
  assert.equal(ja.headers.get('content-language'), 'ko');
  // The ETag still works for If-Match.
  const patched = await api.call('PATCH', `${EVENT}/sessions/bilingual`, { token: api.adminToken, headers: { 'if-match': en.headers.get('etag')! }, body: { title: { en: 'Graviton, optimised' } } });
  assert.equal(patched.status, 200, patched.text);
  const after = await api.call('GET', `${EVENT}/sessions/bilingual?lang=en`);
  assert.equal(after.body.title, 'Graviton, optimised');
  assert.equal(after.body.translations.ko.title, '그래비톤 최적화', 'a PATCH of one language keeps the others');
  // A plain string sets the default language's text only.
  const plain = await api.call('PATCH', `${EVENT}/sessions/bilingual`, { token: api.adminToken, headers: { 'if-match': '*' }, body: { title: '그래비톤 최적화 2' } });
  assert.equal(plain.status, 200, plain.text);
  assert.deepEqual(plain.body.translations.en.title, 'Graviton, optimised');
  assert.equal(plain.body.title, '그래비톤 최적화 2');
});

test('a session in two languages and no abstract takes a PATCH, and its only abstract removed by language leaves none', async () => {
  const created = await create({ id: 'titles-only', title: { ko: '제목만', en: 'Titles only' }, abstract: undefined });
  assert.equal(created.status, 201, created.text);
  const patch = (body: unknown) => api.call('PATCH', `${EVENT}/sessions/titles-only`, { token: api.adminToken, headers: { 'if-match': '*' }, body });
  const retitled = await patch({ title: { en: 'Just titles' } });
  assert.equal(retitled.status, 200, retitled.text);
  assert.equal((await patch({ abstract: { en: 'Now with an English abstract' } })).status, 200);
  const removed = await patch({ abstract: { en: null } });
  assert.equal(removed.status, 200, removed.text);
  assert.deepEqual(removed.body.translations, { ko: { title: '제목만', abstract: '' }, en: { title: 'Just titles' } });
});

test('lists and search pick the language per session and index every language', async () => {
  const list = await api.call('GET', `${EVENT}/sessions?lang=en&limit=100`);
  assert.equal(list.status, 200, list.text);
  const bilingual = list.body.items.find((s: { id: string }) => s.id === 'bilingual');
  assert.equal(bilingual.title, 'Graviton, optimised');
  const korean = list.body.items.find((s: { id: string }) => s.id === 'chalk-1');
  assert.equal(korean.contentLanguage, 'ko');
  assert.deepEqual(list.headers.get('content-language')!.split(', ').sort(), ['en', 'ko']);
  const koList = await api.call('GET', `${EVENT}/sessions?limit=100`);
  assert.notEqual(koList.headers.get('etag'), list.headers.get('etag'));
  // An English word finds the session; a Korean reader sees it in Korean.
  const found = await api.call('GET', `${EVENT}/sessions?q=optimised`, { headers: { 'accept-language': 'ko' } });
  assert.deepEqual(found.body.items.map((s: { id: string }) => s.id), ['bilingual']);
  assert.equal(found.body.items[0].title, '그래비톤 최적화 2');
  // The snippet is cut from the title shown, so its offsets mark the shown text.
  const english = await api.call('GET', `${EVENT}/sessions?q=optimised&lang=en`);
  assert.equal(english.body.items[0].title, 'Graviton, optimised');
  const { snippet } = english.body.items[0];
  assert.equal(snippet.field, 'title');
  assert.equal(snippet.text, 'Graviton, optimised');
  assert.deepEqual(snippet.matches.map((m: { start: number; end: number }) => snippet.text.slice(m.start, m.end)), ['optimised']);
  assert.equal(english.headers.get('content-language'), 'en');
  // Every event's search picks the language the same way.
  const everywhere = await api.call('GET', '/search?q=optimised&lang=en');
  assert.equal(everywhere.status, 200, everywhere.text);
  const hit = everywhere.body.items.find((s: { id: string }) => s.id === 'bilingual');
  assert.equal(hit.title, 'Graviton, optimised');
  assert.equal(hit.snippet.text, 'Graviton, optimised');
  assert.equal((await api.call('GET', `${EVENT}/sessions?lang=x_y`)).status, 400);
  const badLang = await api.call('GET', `${EVENT}/sessions/bilingual?lang=not a tag`);
  assert.equal(badLang.status, 400);
  assert.deepEqual(badLang.body.errors.map((e: { path: string }) => e.path), ['query.lang']);
});

test("an attendee's agenda and its calendar come in their language", async () => {
  const alice = await api.tokenFor('alice');
  assert.equal((await api.call('PUT', '/me/agenda/summit/bilingual', { token: alice })).status, 204);
  const agenda = await api.call('GET', '/me/agenda?eventId=summit', { token: alice, headers: { 'accept-language': 'en' } });
  assert.equal(agenda.status, 200, agenda.text);
  assert.equal(agenda.body.items[0].title, 'Graviton, optimised');
  assert.equal(agenda.headers.get('content-language'), 'en');
  const ics = await api.call('GET', '/me/agenda.ics?eventId=summit', { token: alice, headers: { 'accept-language': 'en' } });
  assert.match(ics.text.replace(/\r\n /g, ''), /SUMMARY;LANGUAGE=en:Graviton\\, optimised\r\n/);
});

test('bad titles and links are 400s naming the field, and nothing is written', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ title: { 'not a tag': 'x' } }, 'body.title'],
    [{ title: { en: '' } }, 'body.title'],
    [{ links: [{ kind: 'slides', url: 'http://example.com/deck' }] }, 'body.links[0].url'],
    [{ links: [{ kind: 'podcast', url: 'https://example.com/x' }] }, 'body.links[0].kind'],
  ];
  for (const [fields, path] of cases) {
    const result = await create({ id: 'bad-one', ...fields });
    assert.equal(result.status, 400, `${JSON.stringify(fields)}: ${result.text}`);
    assert.ok(result.body.errors.some((e: { path: string }) => e.path.startsWith(path)), `${path} in ${result.text}`);
  }
  assert.equal((await api.call('GET', `${EVENT}/sessions/bad-one`)).status, 404);
});

test('sessions carry links, speakers a photo, links and a short bio; the exports carry links and language', async () => {
  const links = [
    { kind: 'slides', url: 'https://www.slideshare.net/awskorea/graviton', title: '발표 자료' },
    { kind: 'blog', url: 'https://hyperconnect.github.io/2024/graviton.html' },
  ];
  const created = await create({ id: 'with-links', links, title: { ko: '링크 세션', en: 'Linked session' } });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.body.links, links);
  const speaker = await api.call('PUT', '/speakers/linked-speaker', {
    token: api.adminToken,
    body: { name: '링크 연사', bio: '짧은 소개', photoUrl: 'https://example.com/p.jpg', links: [{ kind: 'website', url: 'https://example.com' }] },
  });
  assert.equal(speaker.status, 201, speaker.text);
  assert.equal(speaker.body.photoUrl, 'https://example.com/p.jpg');
  assert.deepEqual(speaker.body.links, [{ kind: 'website', url: 'https://example.com' }]);
  const tooLong = await api.call('PUT', '/speakers/long-bio', { token: api.adminToken, body: { name: 'x', bio: 'a'.repeat(2001), photoUrl: 'javascript:alert(1)' } });
  assert.equal(tooLong.status, 400);
  assert.deepEqual(tooLong.body.errors.map((e: { path: string }) => e.path).sort(), ['body.bio', 'body.photoUrl']);
  assert.equal((await api.call('GET', '/speakers/long-bio')).status, 404);

  const json = await api.call('GET', `${EVENT}/schedule.json?lang=en`);
  assert.equal(json.status, 200);
  assert.equal(json.headers.get('content-language'), 'en');
  const talks = json.body.schedule.conference.days.flatMap((d: { rooms: Record<string, unknown[]> }) => Object.values(d.rooms).flat());
  const linked = talks.find((t: { slug: string }) => t.slug.endsWith('with-links'));
  assert.equal(linked.title, 'Linked session');
  assert.deepEqual(linked.links, [
    { url: links[0]!.url, title: '발표 자료', type: 'slides' },
    { url: links[1]!.url, title: 'blog', type: 'blog' },
  ]);
  assert.equal(linked.language, 'ko', 'the talk’s own language (session.language) stays what frab calls language');
  const ko = await api.call('GET', `${EVENT}/schedule.json`);
  assert.notEqual(ko.headers.get('etag'), json.headers.get('etag'));

  const xml = await api.call('GET', `${EVENT}/schedule.xml`, { headers: { 'accept-language': 'en' } });
  assert.match(xml.text, /<title>Linked session<\/title>/);
  assert.match(xml.text, /<link href="https:\/\/www\.slideshare\.net\/awskorea\/graviton" type="slides">발표 자료<\/link>/);

  const ics = await api.call('GET', `${EVENT}/schedule.ics?lang=en`);
  const unfolded = ics.text.replace(/\r\n /g, '');
  assert.match(unfolded, /SUMMARY;LANGUAGE=en:Linked session\r\n/);
  assert.match(unfolded, /ATTACH:https:\/\/hyperconnect\.github\.io\/2024\/graviton\.html\r\n/);
  assert.match(unfolded, /SUMMARY;LANGUAGE=ko:/);
});

test('a session stored before languages (a plain title, no language) reads as the default language and takes translations', async () => {
  assert.equal((await create({ id: 'legacy', title: '예전 세션', abstract: '예전 설명' })).status, 201);
  const doc = createDocumentClient();
  await doc.send(new UpdateCommand({ TableName: api.tableName, Key: sessionKey('summit', 'legacy'), UpdateExpression: 'REMOVE textLanguage' }));
  const read = await api.call('GET', `${EVENT}/sessions/legacy?lang=en`);
  assert.equal(read.status, 200);
  assert.equal(read.body.title, '예전 세션');
  assert.equal(read.body.contentLanguage, 'ko');
  assert.equal(read.headers.get('content-language'), 'ko');
  const translated = await api.call('PATCH', `${EVENT}/sessions/legacy`, { token: api.adminToken, headers: { 'if-match': read.headers.get('etag')! }, body: { title: { en: 'An old session' } } });
  assert.equal(translated.status, 200, translated.text);
  assert.equal((await api.call('GET', `${EVENT}/sessions/legacy?lang=en`)).body.title, 'An old session');
  assert.equal((await api.call('GET', `${EVENT}/sessions/legacy`)).body.title, '예전 세션');
});

test('a CSV import takes title_en/abstract_en and link_* columns, and the event’s own types; a bad row is named by row and column', async () => {
  const csv = [
    '\uFEFFid,title,title_en,abstract,abstract_en,type,link_slides,link_video,room',
    'csv-talk,"분산 시스템, 쉽게",Distributed systems made easy,설명,"English, abstract",chalk-talk,https://example.com/deck,"https://example.com/v1\nhttps://example.com/v2",Hall A',
    'csv-plain,한국어 제목만,,,,builders-session,,,',
    'csv-bad,나쁜 링크,,,,chalk-talk,http://example.com/not-https,,',
  ].join('\r\n');
  const started = await api.call('POST', `${EVENT}/import`, { token: api.adminToken, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  assert.equal(started.status, 202, started.text);
  await api.importsIdle();
  const job = await api.call('GET', started.headers.get('location')!, { token: api.adminToken });
  assert.equal(job.body.status, 'done', job.text);
  const outcomes = Object.fromEntries(job.body.report.rows.map((r: { id: string; outcome: string }) => [r.id, r.outcome]));
  assert.deepEqual(outcomes, { 'csv-talk': 'created', 'csv-plain': 'created', 'csv-bad': 'rejected' });
  const bad = job.body.report.rows.find((r: { id: string }) => r.id === 'csv-bad');
  assert.equal(bad.row, 4);
  assert.deepEqual(bad.errors.map((e: { path: string; column?: string }) => [e.path, e.column]), [['body.sessions[2].links[0].url', 'link_slides']]);
  assert.equal((await api.call('GET', `${EVENT}/sessions/csv-bad`)).status, 404);

  const en = (await api.call('GET', `${EVENT}/sessions/csv-talk?lang=en`)).body;
  assert.equal(en.title, 'Distributed systems made easy');
  assert.equal(en.abstract, 'English, abstract');
  assert.equal(en.translations.ko.title, '분산 시스템, 쉽게');
  assert.equal(en.type, 'chalk-talk');
  assert.equal(en.capacity, 2000, "the room's capacity");
  assert.deepEqual(en.links, [
    { kind: 'slides', url: 'https://example.com/deck' },
    { kind: 'video', url: 'https://example.com/v1' },
    { kind: 'video', url: 'https://example.com/v2' },
  ]);
  const plain = (await api.call('GET', `${EVENT}/sessions/csv-plain?lang=en`)).body;
  assert.equal(plain.title, '한국어 제목만');
  assert.equal(plain.contentLanguage, 'ko');
  assert.equal(plain.translations, undefined);
});

test('the migration stamps an English event’s old sessions, so one session’s GET agrees with its list', async () => {
  const put = await api.call('PUT', '/events/english', { token: api.adminToken, body: { name: 'Re:Invent-ish', timezone: 'America/Los_Angeles', defaultLanguage: 'en' } });
  assert.equal(put.status, 201, put.text);
  const created = await api.call('POST', '/events/english/sessions', { token: api.adminToken, body: { id: 'old-talk', title: 'An old talk' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.contentLanguage, 'en');
  const doc = createDocumentClient();
  await doc.send(new UpdateCommand({ TableName: api.tableName, Key: sessionKey('english', 'old-talk'), UpdateExpression: 'REMOVE textLanguage' }));
  // Before: the list knows the event's default; one session's single read takes the fallback.
  assert.equal((await api.call('GET', '/events/english/sessions')).body.items[0].contentLanguage, 'en');
  assert.equal((await api.call('GET', '/events/english/sessions/old-talk')).body.contentLanguage, 'ko');
  const version = (await api.call('GET', '/events/english/sessions/old-talk')).body.version;
  const store = createCatalogueStore(doc, api.tableName, createCursors(randomBytes(32)));
  assert.deepEqual(await stampSessionLanguages(store, 'english'), { stamped: 1, skipped: 0 });
  const after = await api.call('GET', '/events/english/sessions/old-talk');
  assert.equal(after.body.contentLanguage, 'en');
  assert.equal(after.body.version, version, 'no new version: nothing a client sees changed but the language it is labelled');
  assert.deepEqual(await stampSessionLanguages(store, 'english'), { stamped: 0, skipped: 0 });
});
