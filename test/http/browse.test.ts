/** Browsing: events newest first, session filters, pagination, speakers and tracks. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const ids = (body: { items: { id: string }[] }) => body.items.map((s) => s.id);

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const sessions = [
    session({ id: 'keynote', type: 'keynote', track: undefined, room: 'Hall', level: undefined, title: '기조연설', startsAt: '2024-05-16T09:30:00+09:00', endsAt: '2024-05-16T10:40:00+09:00', speakerIds: ['ham-giho', 'werner-vogels'] }),
    session({ id: 'ec2', title: '가격은 저렴, 성능은 최대로! 확 달라진 Amazon EC2 알아보기', level: '입문', room: 'Room 101', startsAt: '2024-05-16T11:00:00+09:00', endsAt: '2024-05-16T11:40:00+09:00', speakerIds: [] }),
    session({ id: 'genai', title: 'Generative AI on Bedrock', track: 'AI/ML', room: 'Room 102', startsAt: '2024-05-16T11:20:00+09:00', endsAt: '2024-05-16T12:00:00+09:00', speakerIds: ['werner-vogels'], tags: ['Bedrock'] }),
    session({ id: 'fintech', title: '금융권 클라우드 전환', track: '금융/핀테크', room: 'Room 101', startsAt: '2024-05-17T10:00:00+09:00', endsAt: '2024-05-17T10:40:00+09:00', speakerIds: ['ham-giho'] }),
    session({ id: 'tbd', title: 'To be announced', startsAt: undefined, endsAt: undefined, room: undefined, speakerIds: [] }),
    session({ id: 'expo', type: 'expo', title: 'AWS 클라우드 기초 서비스', track: undefined, room: 'Expo', startsAt: '2024-05-17T13:00:00+09:00', endsAt: '2024-05-17T13:20:00+09:00', speakerIds: [] }),
  ];
  // Created out of order: the lists must sort by time, not by write order.
  for (const body of [...sessions].reverse()) {
    const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body });
    assert.equal(created.status, 201, created.text);
  }
  // Days given out of order: an event is as new as its first day. One without days yet goes last.
  const events: [string, string[]][] = [['older-event', ['2015-04-16']], ['undated-event', []], ['newest-event', ['2025-05-15', '2025-05-14']], ['two-year-event', ['2017-01-02', '2016-01-01']]];
  for (const [id, days] of events) {
    const put = await api.call('PUT', `/events/${id}`, { token: api.adminToken, body: { name: id, timezone: 'Asia/Seoul', days: days.map((date) => ({ date })) } });
    assert.equal(put.status, 201, put.text);
  }
});
after(() => api.close());

describe('events', () => {
  test('listed newest first by first day, events without days last, across pages', async () => {
    const events = await api.call('GET', '/events');
    const newestFirst = ['newest-event', 'summit', 'two-year-event', 'older-event', 'undated-event'];
    assert.deepEqual(ids(events.body), newestFirst);
    const paged: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: Awaited<ReturnType<TestApi['call']>> = await api.call('GET', `/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      paged.push(...ids(page.body));
      cursor = page.body.nextCursor;
    }
    assert.deepEqual(paged, newestFirst);
  });

  test('PUT that changes nothing is 200 with the same version; a replace needs the ETag', async () => {
    const current = await api.call('GET', '/events/summit');
    const { id: _id, version: _v, ...fields } = current.body;
    const same = await api.call('PUT', '/events/summit', { token: api.adminToken, body: fields });
    assert.equal(same.status, 200);
    assert.equal(same.body.version, current.body.version);
    const renamed = await api.call('PUT', '/events/summit', {
      token: api.adminToken,
      headers: { 'if-match': current.headers.get('etag')! },
      body: { ...fields, name: 'AWS Summit Seoul 2024 (Day 1-2)' },
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.version, current.body.version + 1);
    assert.equal((await api.call('GET', '/events/summit')).body.name, 'AWS Summit Seoul 2024 (Day 1-2)');
  });
});

describe('sessions: filters', () => {
  test('all sessions in time order, the unscheduled one last', async () => {
    const all = await api.call('GET', '/events/summit/sessions');
    assert.deepEqual(ids(all.body), ['keynote', 'ec2', 'genai', 'fintech', 'expo', 'tbd']);
  });

  const cases: [string, string[]][] = [
    ['day=2024-05-16', ['keynote', 'ec2', 'genai']],
    ['day=2024-05-17', ['fintech', 'expo']],
    ['track=AI%2FML', ['genai']],
    [`track=${encodeURIComponent('금융/핀테크')}`, ['fintech']],
    ['level=%EC%9E%85%EB%AC%B8', ['ec2']],
    ['type=keynote', ['keynote']],
    ['type=expo&day=2024-05-17', ['expo']],
    ['room=Room%20101', ['ec2', 'fintech']],
    ['room=Room%20101&day=2024-05-17', ['fintech']],
    ['track=DevOps%2C%20Cloud&room=Room%20101', ['ec2']],
    ['speaker=werner-vogels', ['keynote', 'genai']],
    ['speaker=ham-giho&day=2024-05-17', ['fintech']],
    ['at=2024-05-16T11:30:00%2B09:00', ['ec2', 'genai']],
    ['at=2024-05-16T02:30:00Z', ['ec2', 'genai']],
    ['at=2024-05-16T11:00:00%2B09:00', ['ec2']],
    ['at=2024-05-16T10:40:00%2B09:00', []],
    ['q=bedrock', ['genai']],
    ['q=GENERATIVE%20ai', ['genai']],
    [`q=${encodeURIComponent('클라우드')}`, ['fintech', 'expo']],
    [`q=${encodeURIComponent('함기호')}`, ['keynote', 'fintech']],
    ['q=amazon.com', ['keynote', 'genai']],
    [`q=${encodeURIComponent('ＥＣ２')}`, ['ec2']],
    ['day=2024-05-18', []],
    ['scheduled=false', ['tbd']],
    ['scheduled=true', ['keynote', 'ec2', 'genai', 'fintech', 'expo']],
    ['scheduled=true&track=DevOps%2C%20Cloud', ['ec2']],
    ['scheduled=false&day=2024-05-16', []],
    [`scheduled=false&q=${encodeURIComponent('announced')}`, ['tbd']],
  ];
  for (const [query, expected] of cases) {
    test(`?${decodeURIComponent(query)} → ${expected.join(', ') || 'nothing'}`, async () => {
      const result = await api.call('GET', `/events/summit/sessions?${query}`);
      assert.equal(result.status, 200, result.text);
      assert.deepEqual(ids(result.body), expected);
    });
  }

  test('a filter on an event that does not exist is 404', async () => {
    assert.equal((await api.call('GET', '/events/nope/sessions?day=2024-05-16')).status, 404);
  });
});

describe('pagination', () => {
  test('pages of every size walk the list exactly once, in order, then end with a null cursor', async () => {
    const all = ids((await api.call('GET', '/events/summit/sessions?limit=100')).body);
    for (const limit of [1, 2, 4, 100]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await api.call('GET', `/events/summit/sessions?${query}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.items.length <= limit);
        seen.push(...ids(page.body));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      assert.deepEqual(seen, all, `limit ${limit}`);
    }
  });

  test('a filtered list pages too (filters applied before the page is cut)', async () => {
    const first = await api.call('GET', '/events/summit/sessions?room=Room%20101&limit=1');
    assert.deepEqual(ids(first.body), ['ec2']);
    const second = await api.call('GET', `/events/summit/sessions?room=Room%20101&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assert.deepEqual(ids(second.body), ['fintech']);
    const qFirst = await api.call('GET', `/events/summit/sessions?q=${encodeURIComponent('클라우드')}&limit=1`);
    const qSecond = await api.call('GET', `/events/summit/sessions?q=${encodeURIComponent('클라우드')}&limit=1&cursor=${encodeURIComponent(qFirst.body.nextCursor)}`);
    assert.deepEqual([...ids(qFirst.body), ...ids(qSecond.body)], ['fintech', 'expo']);
  });
});

describe('speakers and tracks', () => {
  test('an event’s speakers; a speaker with sessions across events', async () => {
    const speakers = await api.call('GET', '/events/summit/speakers');
    assert.deepEqual(ids(speakers.body), ['ham-giho', 'werner-vogels']);
    await api.call('PUT', '/events/reinvent', { token: api.adminToken, body: { name: 're:Invent', timezone: 'America/Los_Angeles', days: [{ date: '2024-12-02' }, { date: '2024-12-05' }] } });
    const created = await api.call('POST', '/events/reinvent/sessions', {
      token: api.adminToken,
      body: { id: 'werner-keynote', title: 'Dr. Werner Vogels Keynote', type: 'keynote', startsAt: '2024-12-05T08:30:00-08:00', endsAt: '2024-12-05T10:30:00-08:00', speakerIds: ['werner-vogels'] },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.startsAt, '2024-12-05T08:30:00-08:00');
    const werner = await api.call('GET', '/speakers/werner-vogels');
    assert.equal(werner.status, 200);
    assert.deepEqual(
      werner.body.sessions.map((s: { eventId: string; id: string }) => `${s.eventId}/${s.id}`).sort(),
      ['reinvent/werner-keynote', 'summit/genai', 'summit/keynote'],
    );
    const reinventSpeakers = await api.call('GET', '/events/reinvent/speakers');
    assert.deepEqual(ids(reinventSpeakers.body), ['werner-vogels']);
  });

  test('tracks with session counts, in the event’s order', async () => {
    const tracks = await api.call('GET', '/events/summit/tracks');
    assert.deepEqual(tracks.body.items, [
      { track: 'AI/ML', sessions: 1 },
      { track: 'DevOps, Cloud', sessions: 2 },
      { track: '금융/핀테크', sessions: 1 },
    ]);
  });
});
