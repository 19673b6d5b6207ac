/**
 * Property: a search of several indexes (events) paged with `mergedPage`
 * gives, page after page, exactly the hits of one sort of every index's
 * matches by score (best first), then index order (the newer event first),
 * then each index's own order; and each hit's snippet offsets cover text
 * that the query word matches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildIndex, matchQuery, type SearchDocument } from '../../lambda/domain/search';
import { mergedPage } from '../../lambda/domain/search-ranking';
import { snippetOf } from '../../lambda/domain/search-snippet';

const WORDS = ['graviton', 'gravity', 'lambda', '서버리스', '디자인', '패턴', 'aurora', 'opensearch', '<b>&', '보안'];
const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }).map((words) => words.join(' '));
const document = fc.record({ title: text, speakers: text, tags: text, abstract: text });
const catalogue = fc.array(document, { maxLength: 12 });

test('merged pages are one sort of every index’s hits by score, index, then order; snippets mark matched text', () => {
  fc.assert(
    fc.property(fc.array(catalogue, { minLength: 1, maxLength: 4 }), fc.constantFrom('grav', 'graviton', 'lambda', '서버리스', '디자인 패턴', 'search', 'a'), fc.integer({ min: 1, max: 5 }), (events, query, limit) => {
      const indexes = events.map((docs, e) => buildIndex(docs.map((fields, i): SearchDocument => ({ id: `${e}-${i}`, fields }))));
      const parts = indexes.map((index) => ({ index, docs: matchQuery(index, query).docs }));
      const expected = parts
        .flatMap(({ index, docs }, part) => [...docs].map((doc) => ({ part, doc, score: index.scratch.score[doc]! })))
        .sort((a, b) => b.score - a.score || a.part - b.part || a.doc - b.doc)
        .map((h) => `${h.part}/${h.doc}/${h.score}`);
      const paged: string[] = [];
      for (let offset = 0; offset < expected.length; offset += limit) {
        paged.push(...mergedPage(parts, offset, offset + limit).map(({ part, hit }) => `${part}/${hit.doc}/${hit.score}`));
      }
      assert.deepEqual(paged, expected);

      const plans = indexes.map((index) => matchQuery(index, query).plans);
      for (const [part, docs] of events.entries()) {
        docs.forEach((fields) => {
          const snippet = snippetOf(fields, plans[part]!);
          if (!snippet) return;
          const unescaped = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
          assert.ok(!/[<>]/.test(snippet.text), snippet.text);
          for (const { start, end } of snippet.matches) {
            const marked = unescaped(snippet.text.slice(start, end)).toLowerCase();
            assert.ok(marked.length > 0 && query.split(' ').some((word) => WORDS.some((w) => w.includes(marked) || marked.includes(word))), `${query}: ${marked} in ${snippet.text}`);
          }
        });
      }
    }),
    { numRuns: 300 },
  );
});
