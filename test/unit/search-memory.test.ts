/**
 * The search index of a very large event fits a Lambda: 3,000 sessions with
 * 4,000-character abstracts in Korean and English stay under 64 MB, counting
 * the JavaScript heap the index adds and its typed arrays' buffers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchCorpus } from '../../bench/search-corpus';
import { measuredIndex } from '../../bench/index-memory';

test('the index of 3,000 sessions with 4,000-character abstracts stays under 64 MB', () => {
  const documents = searchCorpus({ sessions: 3000, abstractChars: 4000 });
  const { bytes } = measuredIndex(documents);
  console.log(`index of ${documents.length} sessions × ${documents[0]!.fields.abstract.length}-character abstracts: ${(bytes / 2 ** 20).toFixed(1)} MB`);
  assert.ok(bytes < 64 * 2 ** 20, `${(bytes / 2 ** 20).toFixed(1)} MB`);
});
