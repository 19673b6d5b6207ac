/**
 * What an answer costs the function besides its reads: its JSON is made
 * once, and its ETag comes from versions, never from hashing the whole
 * answer (the handlers run in this process, so both can be watched).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { createSampleEvent, importSessions, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const stringified: string[] = [];
const hashed: string[] = [];
const realStringify = JSON.stringify;
const realCreateHash = crypto.createHash;

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  await importSessions(api, Array.from({ length: 30 }, (_, i) => session({ id: `talk-${i}`, speakerIds: ['ham-giho', 'werner-vogels'] })));
  JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
    const text = realStringify(...args);
    if (typeof text === 'string' && text.length > 100) stringified.push(text);
    return text;
  }) as typeof JSON.stringify;
  crypto.createHash = ((...args: Parameters<typeof crypto.createHash>) => {
    const hash = realCreateHash(...args);
    const update = hash.update.bind(hash);
    hash.update = ((data: string | Buffer) => (hashed.push(String(data)), update(data))) as typeof hash.update;
    return hash;
  }) as typeof crypto.createHash;
  syncBuiltinESMExports();
});
after(async () => {
  JSON.stringify = realStringify;
  crypto.createHash = realCreateHash;
  syncBuiltinESMExports();
  await api.close();
});

for (const path of ['/events/summit/sessions/talk-3', '/events/summit/sessions?limit=25', '/events/summit/sessions?q=graviton', '/events/summit', '/speakers/ham-giho']) {
  test(`GET ${path}: the answer is serialised once and not hashed`, async () => {
    await api.call('GET', path); // warm (a search builds its index)
    stringified.length = 0;
    hashed.length = 0;
    const answer = await api.call('GET', path);
    assert.equal(answer.status, 200, answer.text);
    const bytesHashed = hashed.reduce((sum, data) => sum + data.length, 0);
    console.log(`${path}: ${answer.text.length} characters, made ${stringified.filter((text) => text === answer.text).length}× by JSON.stringify; ${bytesHashed} characters hashed`);
    assert.equal(stringified.filter((text) => text === answer.text).length, 1);
    assert.ok(!hashed.some((data) => data === answer.text), 'the answer was hashed');
    assert.ok(bytesHashed < answer.text.length / 4, `${bytesHashed} characters hashed for a ${answer.text.length}-character answer`);
    assert.equal((await api.call('GET', path, { headers: { 'if-none-match': answer.headers.get('etag')! } })).status, 304);
  });
}
