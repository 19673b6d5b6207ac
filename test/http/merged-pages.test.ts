/**
 * `type=` merges partitions of kindTimeline. When one partition stops at the
 * read budget (1,000 items read without a match), the page must not run
 * ahead of it with another partition's later items: pages still come in
 * time order, each session once. Items are written straight to the table
 * (1,103 sessions through the import API would take minutes here).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { sessionItemKeys } from '../../lambda/store/catalogue-store';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const minute = (i: number) => new Date(Date.parse('2024-05-16T00:00:00Z') + i * 60_000).toISOString();

before(async () => {
  api = await startTestApi();
  const event = await api.call('PUT', '/events/big', { token: api.adminToken, body: { name: 'Big', timezone: 'UTC', days: [{ date: '2024-05-16' }] } });
  assert.equal(event.status, 201, event.text);
  // 1,100 scheduled keynotes of level 100, one of level 400 after them; cancelled keynotes of level 400 later still.
  const keynotes = [
    ...Array.from({ length: 1100 }, (_, i) => ({ i, level: '100', status: 'scheduled' })),
    { i: 1150, level: '400', status: 'scheduled' },
    { i: 1160, level: '400', status: 'cancelled' },
    { i: 1170, level: '400', status: 'cancelled' },
  ];
  const items = keynotes.map(({ i, level, status }) => {
    const fields = { title: `Keynote ${i}`, type: 'keynote', level, status, startsAt: minute(i), endsAt: minute(i + 1), speakerIds: [], tags: [], capacity: null };
    return { ...fields, ...sessionItemKeys('big', `k-${i}`, fields as never), entity: 'session', id: `k-${i}`, eventId: 'big', version: 1, speakerText: '', createdAt: minute(0), updatedAt: minute(0) };
  });
  const doc = createDocumentClient();
  for (let start = 0; start < items.length; start += 25) {
    await doc.send(new BatchWriteCommand({ RequestItems: { [api.tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  doc.destroy();
});
after(() => api.close());

test('a partition stopped by the read budget holds the page back: time order, each session once', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await api.call('GET', `/events/big/sessions?type=keynote&level=400&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, page.text);
    seen.push(...page.body.items.map((s: { id: string }) => s.id));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  console.log(`type=keynote&level=400, limit 2, behind 1,100 keynotes of level 100: ${pages} pages, ${seen.join(', ')}`);
  assert.deepEqual(seen, ['k-1150', 'k-1160', 'k-1170']);
});
