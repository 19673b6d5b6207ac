/**
 * Input that is text, and only text: every text field refuses C0 control
 * characters (tab and newline aside) and unpaired surrogates with a 400 that
 * names the field, and nothing is written; JSON in any charset but UTF-8 is a
 * 415.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type CallResult, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  assert.equal((await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'kept' }) })).status, 201);
});
after(() => api.close());

/** NUL, BEL, ESC, CR, DEL-adjacent US, and both halves of a surrogate pair on their own. */
const BAD = ['\u0000', '\u0007', '\u001b', '\r', '\u001f', '\ud800', '\udfff'];
const bad = (i: number) => `앞${BAD[i % BAD.length]}뒤`;

function assertNamed(result: CallResult, path: string, what: string) {
  assert.equal(result.status, 400, `${what}: ${result.text}`);
  assert.equal(result.headers.get('content-type'), 'application/problem+json');
  const paths = result.body.errors.map((e: { path: string }) => e.path);
  assert.deepEqual(paths, [path], what);
}

const event = { name: 'Text', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }], tracks: ['A'] };
const speaker = { name: '함기호' };

test('every text field of every writable resource refuses control characters and lone surrogates, naming the field', async (t) => {
  const cases: [string, string, (value: string) => unknown, string][] = [
    ['PUT', '/events/text-event', (v) => ({ ...event, name: v }), 'body.name'],
    ['PUT', '/events/text-event', (v) => ({ ...event, venue: v }), 'body.venue'],
    ['PUT', '/events/text-event', (v) => ({ ...event, days: [{ date: '2024-05-16', theme: v }] }), 'body.days[0].theme'],
    ['PUT', '/events/text-event', (v) => ({ ...event, tracks: ['A', v] }), 'body.tracks[1]'],
    ['PUT', '/speakers/text-speaker', (v) => ({ ...speaker, name: v }), 'body.name'],
    ['PUT', '/speakers/text-speaker', (v) => ({ ...speaker, role: v }), 'body.role'],
    ['PUT', '/speakers/text-speaker', (v) => ({ ...speaker, company: v }), 'body.company'],
    ['PUT', '/speakers/text-speaker', (v) => ({ ...speaker, bio: v }), 'body.bio'],
    ['POST', '/events/summit/sessions', (v) => session({ id: 'text-session', title: v }), 'body.title'],
    ['POST', '/events/summit/sessions', (v) => session({ id: 'text-session', abstract: v }), 'body.abstract'],
    ['POST', '/events/summit/sessions', (v) => session({ id: 'text-session', track: v }), 'body.track'],
    ['POST', '/events/summit/sessions', (v) => session({ id: 'text-session', level: v }), 'body.level'],
    ['POST', '/events/summit/sessions', (v) => session({ id: 'text-session', room: v }), 'body.room'],
    ['POST', '/events/summit/sessions', (v) => session({ id: 'text-session', tags: ['ok', v] }), 'body.tags[1]'],
    ['POST', '/events/summit/sessions/kept/polls', (v) => ({ question: v, options: ['a', 'b'] }), 'body.question'],
    ['POST', '/events/summit/sessions/kept/polls', (v) => ({ question: 'q', options: ['a', v] }), 'body.options[1]'],
    // A URL parser would quietly percent-encode these; the URL is stored and shown as sent, so it is text like the rest.
    ['PUT', '/events/summit/webhooks/text-hook', (v) => ({ url: `http://127.0.0.1:9/${v}` }), 'body.url'],
  ];
  let i = 0;
  for (const [method, path, body, field] of cases) {
    // A control character at the very end too: trimming must not hide it.
    for (const value of [bad(i), `끝${BAD[(i + 3) % BAD.length]}`]) {
      assertNamed(await api.call(method, path, { token: api.adminToken, body: body(value) }), field, `${method} ${path} ${field} ${JSON.stringify(value)}`);
    }
    i++;
  }
  const patched = await api.call('PATCH', '/events/summit/sessions/kept', { token: api.adminToken, headers: { 'if-match': '"1"' }, body: { title: bad(2) } });
  assertNamed(patched, 'body.title', 'PATCH title');
  t.diagnostic(`${cases.length} fields, ${cases.length * 2 + 1} writes refused with a 400 naming the field`);

  // Nothing was written.
  for (const path of ['/events/text-event', '/speakers/text-speaker', '/events/summit/sessions/text-session']) {
    assert.equal((await api.call('GET', path)).status, 404, path);
  }
  assert.deepEqual((await api.call('GET', '/events/summit/sessions/kept/polls')).body.items, []);
  assert.equal((await api.call('GET', '/events/summit/webhooks/text-hook', { token: api.adminToken })).status, 404);
  const kept = (await api.call('GET', '/events/summit/sessions/kept')).body;
  assert.equal(kept.version, 1);
});

test('an imported item with a control character is rejected naming its field; the rest go in', async () => {
  const result = await api.call('POST', '/events/summit/import', {
    token: api.adminToken,
    body: {
      speakers: [{ id: 'ctl-speaker', name: `이름${'\u0000'}` }, { id: 'fine-speaker', name: '괜찮은 이름' }],
      sessions: [{ id: 'ctl-session', ...session({ abstract: `요약${'\u001b'}[31m` }) }],
    },
  });
  assert.equal(result.status, 200, result.text);
  assert.deepEqual(
    result.body.rejected.map((r: { errors: { path: string }[] }) => r.errors.map((e) => e.path)).flat().sort(),
    ['body.sessions[0].abstract', 'body.speakers[0].name'],
  );
  assert.deepEqual(result.body.created.speakers, ['fine-speaker']);
});

test('a review with a control character is 400 naming body.text; tab, newline and emoji pass', async () => {
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'past-talk' }) });
  const alice = await api.tokenFor('alice');
  assertNamed(await api.call('PUT', '/events/summit/sessions/past-talk/reviews/me', { token: alice, body: { rating: 4, text: bad(0) } }), 'body.text', 'review');
  assert.equal((await api.call('GET', '/events/summit/sessions/past-talk/reviews')).body.summary.count, 0);
  const fine = await api.call('PUT', '/events/summit/sessions/past-talk/reviews/me', { token: alice, body: { rating: 4, text: '첫 줄\n\t둘째 줄 👍' } });
  assert.equal(fine.status, 201, fine.text);
  assert.equal(fine.body.text, '첫 줄\n\t둘째 줄 👍');
});

test('text query parameters refuse control characters too, naming the parameter', async (t) => {
  const queries = [
    ['q=%00', 'query.q'],
    ['q=a%1Bb', 'query.q'],
    ['track=%07', 'query.track'],
    ['room=x%0D', 'query.room'],
    ['level=%1F', 'query.level'],
  ];
  for (const [query, path] of queries) assertNamed(await api.call('GET', `/events/summit/sessions?${query}`), path!, query!);
  t.diagnostic(`${queries.length} queries refused naming the parameter`);
  assert.equal((await api.call('GET', '/events/summit/sessions?q=%EA%B7%B8%EB%9D%BC%EB%B9%84%ED%86%A4%09')).status, 200, 'a tab is text');
});

test('the calendar export stays intact: no stored text can break a line of the .ics', async () => {
  const ics = await api.call('GET', '/events/summit/schedule.ics');
  assert.equal(ics.status, 200);
  assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(ics.text.replace(/\r\n/g, '')), 'no control characters but CRLF line ends');
});

test('a JSON body in a charset other than UTF-8 is 415 naming the header; utf-8 in any case, quoted or not, is fine', async (t) => {
  const body = JSON.stringify({ name: 'Charset' });
  const charsets = ['application/json; charset=iso-8859-1', 'application/json; charset=utf-16', 'application/json;charset="EUC-KR"', 'application/json; charset=utf-7'];
  t.diagnostic(`${charsets.length} charsets refused with a 415`);
  for (const type of charsets) {
    const result = await api.call('PUT', '/speakers/charset-speaker', { token: api.adminToken, rawBody: body, headers: { 'content-type': type } });
    assert.equal(result.status, 415, `${type}: ${result.text}`);
    assert.equal(result.headers.get('content-type'), 'application/problem+json');
    assert.equal(result.body.errors[0].path, 'header.Content-Type', type);
  }
  assert.equal((await api.call('GET', '/speakers/charset-speaker')).status, 404);
  const ok = await api.call('PUT', '/speakers/charset-speaker', { token: api.adminToken, rawBody: body, headers: { 'content-type': 'application/json; charset="UTF-8"' } });
  assert.equal(ok.status, 201, ok.text);
});
