import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
});
after(() => api.close());

const importBody = {
  speakers: [
    { id: 'kim-cheolsu', name: '김철수', role: '솔루션즈 아키텍트', company: 'AWS' },
    { id: 'lee-younghee', name: '이영희', company: '센드버드' },
    { id: 'Bad Speaker', name: 'x' },
  ],
  sessions: [
    { id: 'neptune', ...session({ title: 'Amazon Neptune 및 Elastic을 이용한 추천 서비스', speakerIds: ['kim-cheolsu'], track: 'AI/ML' }) },
    { id: 'sendbird', ...session({ title: '글로벌 대화형 서비스 개발 플랫폼 Sendbird', speakerIds: ['lee-younghee'], startsAt: '2024-05-17T11:00:00+09:00', endsAt: '2024-05-17T11:40:00+09:00' }) },
    { id: 'unscheduled', title: '시간 미정 세션', speakerIds: [] },
    { id: 'no-title', ...session({ title: '' }) },
    { id: 'ghost', ...session({ speakerIds: ['nobody'] }) },
    { id: 'neptune', ...session({ title: 'duplicate id in one import' }) },
  ],
};

test('import creates what is new and reports each rejected item with its reasons', async () => {
  const result = await api.call('POST', '/events/summit/import', { token: api.adminToken, body: importBody });
  assert.equal(result.status, 200, result.text);
  assert.deepEqual(result.body.created, { speakers: ['kim-cheolsu', 'lee-younghee'], sessions: ['neptune', 'sendbird', 'unscheduled'] });
  assert.deepEqual(result.body.updated, { speakers: [], sessions: [] });
  const rejected = result.body.rejected.map((r: { kind: string; index: number; errors: { path: string }[] }) => [r.kind, r.index, r.errors[0]!.path]);
  assert.deepEqual(rejected, [
    ['session', 3, 'body.sessions[3].title'],
    ['session', 4, 'body.sessions[4].speakerIds[0]'],
    ['session', 5, 'body.sessions[5].id'],
    ['speaker', 2, 'body.speakers[2].id'],
  ]);
  const sessions = await api.call('GET', '/events/summit/sessions');
  assert.deepEqual(sessions.body.items.map((s: { id: string }) => s.id), ['neptune', 'sendbird', 'unscheduled']);
});

test('the same import again changes nothing: every item unchanged, versions and ETags as they were', async () => {
  const before = await api.call('GET', '/events/summit/sessions/neptune');
  const again = await api.call('POST', '/events/summit/import', { token: api.adminToken, body: importBody });
  assert.equal(again.status, 200);
  assert.deepEqual(again.body.created, { speakers: [], sessions: [] });
  assert.deepEqual(again.body.updated, { speakers: [], sessions: [] });
  assert.deepEqual(again.body.unchanged, { speakers: ['kim-cheolsu', 'lee-younghee'], sessions: ['neptune', 'sendbird', 'unscheduled'] });
  const after = await api.call('GET', '/events/summit/sessions/neptune');
  assert.equal(after.headers.get('etag'), before.headers.get('etag'));
  const tracks = await api.call('GET', '/events/summit/tracks');
  assert.equal(tracks.body.items.find((t: { track: string }) => t.track === 'AI/ML').sessions, 1, 'counts are not doubled');
});

test('a changed item is updated with a new version; a renamed speaker is found by search under the new name', async () => {
  const changed = {
    speakers: [{ id: 'kim-cheolsu', name: '김철수 (Chulsoo Kim)', role: '솔루션즈 아키텍트', company: 'AWS' }],
    sessions: [{ id: 'neptune', ...session({ title: 'Neptune 추천 서비스 (개정)', speakerIds: ['kim-cheolsu'], track: 'AI/ML' }) }],
  };
  const result = await api.call('POST', '/events/summit/import', { token: api.adminToken, body: changed });
  assert.deepEqual(result.body.updated, { speakers: ['kim-cheolsu'], sessions: ['neptune'] });
  const read = await api.call('GET', '/events/summit/sessions/neptune');
  assert.equal(read.body.version, 2);
  assert.equal(read.body.title, 'Neptune 추천 서비스 (개정)');
  const found = await api.call('GET', '/events/summit/sessions?q=chulsoo');
  assert.deepEqual(found.body.items.map((s: { id: string }) => s.id), ['neptune']);
});

test('a malformed outline rejects the whole import; an unknown event is 404', async () => {
  const bad = await api.call('POST', '/events/summit/import', { token: api.adminToken, body: { sessions: 'all of them', extra: 1 } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), ['body.extra', 'body.sessions']);
  const missing = await api.call('POST', '/events/none/import', { token: api.adminToken, body: { sessions: [] } });
  assert.equal(missing.status, 404);
});
