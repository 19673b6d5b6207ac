/**
 * Property: for any small catalogue and any query, the index answers exactly
 * what a plain reading of the rules in docs/search.md answers, in the same
 * order. The oracle below checks every session's text directly, without any
 * index: Latin words by prefix, Hangul with spaces and punctuation taken out,
 * every query word required, each scoring by the heaviest field it is in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildIndex, FIELD_WEIGHTS, normalize, queryTerms, search, searchPage, type SearchDocument, type SearchField } from '../../lambda/domain/search';

const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g;
const fields = Object.keys(FIELD_WEIGHTS) as SearchField[];

function oracle(documents: readonly SearchDocument[], query: string, accept: (doc: number) => boolean): { id: string; score: number }[] {
  const { hangul, latin } = queryTerms(query);
  if (hangul.length + latin.length === 0) return [];
  const hits: { id: string; score: number; doc: number }[] = [];
  documents.forEach((document, doc) => {
    if (!accept(doc)) return;
    const texts = fields.map((name) => normalize(document.fields[name]));
    const latinWords = texts.map((text) => text.replace(HANGUL_RUN, ' ').match(/[\p{L}\p{N}]+/gu) ?? []);
    const compact = texts.map((text) => text.replace(/[^\p{L}\p{N}]+/gu, ''));
    let score = 0;
    const terms = [
      ...latin.map((word) => (f: number) => latinWords[f]!.some((w) => w.startsWith(word))),
      ...hangul.map((term) => (f: number) => compact[f]!.includes(term)),
    ];
    for (const matches of terms) {
      const field = fields.findIndex((_, f) => matches(f));
      if (field < 0) return;
      score += FIELD_WEIGHTS[fields[field]!];
    }
    hits.push({ id: document.id, score, doc });
  });
  return hits.sort((a, b) => b.score - a.score || a.doc - b.doc).map(({ id, score }) => ({ id, score }));
}

// Few letters and syllables, so that words, prefixes and syllable pairs collide often.
const piece = fc.constantFrom('서버', '리스', '서', '버', '디자인', '패턴', '가', 'aws', 'Lam', 'lambda', 'la', 'x', 'EC2', 'ＡＷＳ', '2', ' ', ' ', ', ', '-', '과', '\u1103\u1175', '😀', '𠀀b', '𝐀');
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
const documentArb = fc.record({ title: text, speakers: text, tags: text, abstract: text });

test('the index answers what a direct reading of every session answers, in the same order', () => {
  fc.assert(
    fc.property(fc.array(documentArb, { minLength: 1, maxLength: 12 }), text, fc.func(fc.boolean()), (generated, query, keep) => {
      const documents = generated.map((fieldsOf, i) => ({ id: `d${i}`, fields: fieldsOf }));
      const index = buildIndex(documents);
      const accept = (doc: number) => keep(doc);
      const expected = oracle(documents, query, accept);
      const actual = search(index, query, accept).map(({ id, score }) => ({ id, score }));
      assert.deepEqual(actual, expected, `query ${JSON.stringify(query)}`);
      // The same index answers again the same way (scratch space reused between searches).
      assert.deepEqual(search(index, query).map((h) => h.id), oracle(documents, query, () => true).map((h) => h.id));
    }),
    { numRuns: 400, seed: 11072025 },
  );
});

test('a page of hits is that part of the whole ranking, and the total is the number of all hits', () => {
  fc.assert(
    fc.property(
      fc.array(documentArb, { minLength: 1, maxLength: 40 }),
      text,
      fc.nat({ max: 45 }),
      fc.integer({ min: 1, max: 45 }),
      fc.func(fc.boolean()),
      (generated, query, offset, limit, keep) => {
        const documents = generated.map((fieldsOf, i) => ({ id: `d${i}`, fields: fieldsOf }));
        const index = buildIndex(documents);
        const accept = (doc: number) => keep(doc);
        const all = oracle(documents, query, accept);
        const page = searchPage(index, query, { offset, limit, accept });
        assert.deepEqual(page.hits.map(({ id, score }) => ({ id, score })), all.slice(offset, offset + limit), `query ${JSON.stringify(query)}`);
        assert.equal(page.total, all.length);
      },
    ),
    { numRuns: 400, seed: 23112026 },
  );
});
