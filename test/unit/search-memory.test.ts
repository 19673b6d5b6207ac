/**
 * The search index of a very large event fits a Lambda: 3,000 sessions with
 * 4,000-character abstracts in Korean and English stay under 64 MB, counting
 * the JavaScript heap and the typed arrays' memory outside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildIndex } from '../../lambda/domain/search';
import { searchCorpus } from '../../bench/search-corpus';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const used = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

test('the index of 3,000 sessions with 4,000-character abstracts stays under 64 MB', () => {
  const documents = searchCorpus({ sessions: 3000, abstractChars: 4000 });
  const before = used();
  const index = buildIndex(documents);
  const bytes = used() - before;
  console.log(`index of ${documents.length} sessions × ${documents[0]!.fields.abstract.length}-character abstracts: ${(bytes / 2 ** 20).toFixed(1)} MB`);
  assert.ok(index);
  assert.ok(bytes < 64 * 2 ** 20, `${(bytes / 2 ** 20).toFixed(1)} MB`);
});
