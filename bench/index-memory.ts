/**
 * The memory a search index holds: the JavaScript heap its build adds (after
 * full garbage collections) plus its typed arrays' buffers, counted exactly.
 * `process.memoryUsage().arrayBuffers` is no measure of the latter: buffers
 * are freed lazily after a collection, so it may still count the ones the
 * build discarded (18 MB or 59 MB for the same index, run to run).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildIndex, type SearchDocument, type SearchIndex } from '../lambda/domain/search';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

export function measuredIndex(documents: readonly SearchDocument[]): { index: SearchIndex; bytes: number } {
  const before = heapUsed();
  const index = buildIndex(documents);
  const heap = heapUsed() - before;
  const { words, initialPostings, grams, latinNear, latinInfix, hangulNear, scratch } = index;
  const arrays = [
    ...[words.start, words.entries, initialPostings.start, initialPostings.entries, grams.start, grams.entries],
    ...[latinNear.entries, latinInfix.entries, hangulNear.entries],
    ...[scratch.stamp, scratch.alive, scratch.termScore, scratch.score, scratch.docs],
  ];
  return { index, bytes: heap + arrays.reduce((sum, array) => sum + array.buffer.byteLength, 0) };
}
