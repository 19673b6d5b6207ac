/** Reviews: one per attendee per session, editable, hidden by admins (by the review's id), with a summary that never drifts. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'past' }) });
  await api.call('PUT', '/events/future', { token: api.adminToken, body: { name: 'Future', timezone: 'Asia/Seoul', days: [{ date: '2099-05-16' }] } });
  await api.call('POST', '/events/future/sessions', {
    token: api.adminToken,
    body: { id: 'later', title: 'Later', startsAt: '2099-05-16T10:00:00+09:00', endsAt: '2099-05-16T11:00:00+09:00' },
  });
});
after(() => api.close());

const reviewsOf = async (id: string, query = '') => (await api.call('GET', `/events/summit/sessions/${id}/reviews${query}`)).body;
const idsOf = (page: { items: { id: string }[] }) => page.items.map((r) => r.id);
/** Review ids by author, as each author learnt them from their own PUT. */
const reviewIds: Record<string, string> = {};

test('write, edit, read newest first with the summary; Korean text intact', async () => {
  const alice = await api.tokenFor('alice');
  const bob = await api.tokenFor('bob');
  const created = await api.call('PUT', '/events/summit/sessions/past/reviews/me', { token: alice, body: { rating: 4, text: '입문자에게 딱 맞는 세션이었습니다 👍' } });
  assert.equal(created.status, 201, created.text);
  const bobs = await api.call('PUT', '/events/summit/sessions/past/reviews/me', { token: bob, body: { rating: 2 } });
  assert.equal(bobs.status, 201);
  const edited = await api.call('PUT', '/events/summit/sessions/past/reviews/me', { token: alice, body: { rating: 5, text: '다시 들어도 좋네요' } });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.version, 2);
  assert.equal(edited.body.id, created.body.id, 'an edit keeps the review id');
  reviewIds.alice = created.body.id;
  reviewIds.bob = bobs.body.id;
  const page = await reviewsOf('past');
  assert.deepEqual(idsOf(page), [reviewIds.alice, reviewIds.bob]);
  assert.equal(page.items[0].text, '다시 들어도 좋네요');
  assert.deepEqual(page.summary, { count: 2, average: 3.5, histogram: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 } });
});

test('an admin hides a review: it leaves the list and the summary; hiding again changes nothing', async () => {
  assert.equal((await api.call('DELETE', `/events/summit/sessions/past/reviews/${reviewIds.bob}`, { token: api.adminToken })).status, 204);
  assert.equal((await api.call('DELETE', `/events/summit/sessions/past/reviews/${reviewIds.bob}`, { token: api.adminToken })).status, 204);
  const page = await reviewsOf('past');
  assert.deepEqual(idsOf(page), [reviewIds.alice]);
  assert.deepEqual(page.summary, { count: 1, average: 5, histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } });
  // Bob editing his hidden review does not bring it back.
  await api.call('PUT', '/events/summit/sessions/past/reviews/me', { token: await api.tokenFor('bob'), body: { rating: 1, text: 'again' } });
  assert.equal((await reviewsOf('past')).summary.count, 1);
  assert.equal((await api.call('DELETE', '/events/summit/sessions/past/reviews/nobody', { token: api.adminToken })).status, 404);
  assert.equal((await api.call('DELETE', '/events/summit/sessions/past/reviews/bob', { token: api.adminToken })).status, 404, 'an author id addresses nothing');
});

test('reviews open once the session has started; bad ratings and text are 400 naming the field', async () => {
  const carol = await api.tokenFor('carol');
  const early = await api.call('PUT', '/events/future/sessions/later/reviews/me', { token: carol, body: { rating: 5 } });
  assert.equal(early.status, 409);
  for (const [body, path] of [
    [{ rating: 0 }, 'body.rating'],
    [{ rating: 6 }, 'body.rating'],
    [{ rating: 4.5 }, 'body.rating'],
    [{ rating: 3, text: '가'.repeat(2001) }, 'body.text'],
    [{ rating: 3, attendeeId: 'someone-else' }, 'body.attendeeId'],
    [{ rating: 3, id: 'someone-elses-review' }, 'body.id'],
  ] as const) {
    const result = await api.call('PUT', '/events/summit/sessions/past/reviews/me', { token: carol, body });
    assert.equal(result.status, 400, JSON.stringify(body));
    assert.equal(result.body.errors[0].path, path);
  }
  assert.equal((await api.call('GET', '/events/summit/sessions/past/reviews/me', { token: carol })).status, 404, 'carol wrote nothing');
});

test('property: any sequence of writes, edits and hides leaves a summary equal to one computed from scratch', async () => {
  const people = ['r0', 'r1', 'r2', 'r3'];
  const tokens = Object.fromEntries(await Promise.all(people.map(async (p) => [p, await api.tokenFor(p)] as const)));
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ who: fc.constantFrom(...people), hide: fc.boolean(), rating: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 12 }),
      async (steps) => {
        const id = `prop-${run++}`;
        await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id }) });
        const model = new Map<string, { id: string; rating: number; hidden: boolean }>();
        for (const { who, hide, rating } of steps) {
          if (hide) {
            const reviewId = model.get(who)?.id ?? 'no-such-review';
            const result = await api.call('DELETE', `/events/summit/sessions/${id}/reviews/${reviewId}`, { token: api.adminToken });
            assert.equal(result.status, model.has(who) ? 204 : 404);
            if (model.has(who)) model.get(who)!.hidden = true;
          } else {
            const result = await api.call('PUT', `/events/summit/sessions/${id}/reviews/me`, { token: tokens[who], body: { rating } });
            assert.ok([200, 201].includes(result.status));
            assert.equal(result.body.id, model.get(who)?.id ?? result.body.id, 'one review id per author and session');
            model.set(who, { id: result.body.id, rating, hidden: model.get(who)?.hidden ?? false });
          }
          const visible = [...model.values()].filter((r) => !r.hidden);
          const histogram = Object.fromEntries([1, 2, 3, 4, 5].map((s) => [String(s), visible.filter((r) => r.rating === s).length]));
          const sum = visible.reduce((total, r) => total + r.rating, 0);
          const page = await reviewsOf(id, '?limit=100');
          assert.deepEqual(page.summary, {
            count: visible.length,
            average: visible.length ? Math.round((sum / visible.length) * 100) / 100 : null,
            histogram,
          });
          assert.equal(page.items.length, visible.length);
        }
      },
    ),
    { numRuns: 25, seed: 42 },
  );
});

test('an attendee reads back their own review, hidden or not', async () => {
  const dan = await api.tokenFor('dan');
  assert.equal((await api.call('GET', '/events/summit/sessions/past/reviews/me', { token: dan })).status, 404);
  const written = await api.call('PUT', '/events/summit/sessions/past/reviews/me', { token: dan, body: { rating: 3, text: '보통' } });
  const mine = await api.call('GET', '/events/summit/sessions/past/reviews/me', { token: dan });
  assert.deepEqual([mine.body.id, mine.body.rating, mine.body.text], [written.body.id, 3, '보통']);
  await api.call('DELETE', `/events/summit/sessions/past/reviews/${written.body.id}`, { token: api.adminToken });
  assert.equal((await api.call('GET', '/events/summit/sessions/past/reviews/me', { token: dan })).body.rating, 3);
});
