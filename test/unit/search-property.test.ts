/**
 * Property: for any small catalogue and any query, the index answers exactly
 * what a plain reading of the rules in docs/search.md answers, in the same
 * order. The oracle below checks every session's text directly, without any
 * index: Latin words by prefix (alone or after the query's Latin word before), inside a word, and one edit off (a plain
 * edit-distance table); Hangul with spaces and punctuation taken out, as
 * typed or without its ending, and the catalogue's Hangul words one jamo off
 * (jamo by NFD); Hangul spellings from the dictionary. Every query word is
 * required, each scoring its best field weight times its kind of match.
 * It shares with the index only the query's words, the endings list and
 * the dictionary (data, tested in search.test.ts and search-queries.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildIndex, FIELD_WEIGHTS, normalize, queryTerms, search, searchPage, type SearchDocument, type SearchField } from '../../lambda/domain/search';
import { hangulForms, stripEnding } from '../../lambda/domain/search-korean';
import { BUILT_IN_TABLE } from '../../lambda/domain/search-synonyms';

const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g;
const fields = Object.keys(FIELD_WEIGHTS) as SearchField[];
const [EXACT, STRIPPED, SYNONYM, INFIX, TYPO] = [4, 3, 3, 2, 1];

/** Optimal string alignment distance: substitutions, insertions, deletions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function oracle(documents: readonly SearchDocument[], query: string, accept: (doc: number) => boolean): { id: string; score: number }[] {
  const { hangul, latin } = queryTerms(query);
  if (hangul.length + latin.length === 0) return [];
  // The catalogue's Hangul words outside abstracts: runs between other characters, and those without their endings, 3+ long.
  const runs = documents.flatMap((d) => fields.filter((name) => name !== 'abstract').flatMap((name) => normalize(d.fields[name]).match(HANGUL_RUN) ?? []));
  const hangulWords = [...new Set(runs.flatMap((run) => [run, stripEnding(run) ?? run]))].filter((w) => w.length >= 3);
  const hits: { id: string; score: number; doc: number }[] = [];
  documents.forEach((document, doc) => {
    if (!accept(doc)) return;
    const texts = fields.map((name) => normalize(document.fields[name]));
    const latinWords = texts.map((text) => text.replace(HANGUL_RUN, ' ').match(/[\p{L}\p{N}]+/gu) ?? []);
    const compact = texts.map((text) => text.replace(/[^\p{L}\p{N}]+/gu, ''));
    // For each query word, the factor of its best match in field f (0: none).
    const latinFactor = (word: string, k: number) => (f: number) =>
      Math.max(
        latinWords[f]!.some((w) => w.startsWith(word) || (k > 0 && w.startsWith(latin[k - 1]! + word))) ? EXACT : 0,
        (BUILT_IN_TABLE.hangulOf.get(word) ?? []).some((ko) => compact[f]!.includes(ko)) ? SYNONYM : 0,
        word.length >= 3 && latinWords[f]!.some((w) => w.indexOf(word, 1) >= 1) ? INFIX : 0,
        word.length >= 5 && latinWords[f]!.some((w) => editDistance(w, word) <= 1) ? TYPO : 0,
      );
    const hangulFactor = (term: string) => (f: number) =>
      Math.max(
        ...hangulForms(term).map((form, i) =>
          Math.max(
            compact[f]!.includes(form) ? (i === 0 ? EXACT : STRIPPED) : 0,
            (BUILT_IN_TABLE.latinOf.get(form) ?? []).some((en) => latinWords[f]!.some((w) => w.startsWith(en))) ? SYNONYM : 0,
            form.length >= 3 && hangulWords.some((w) => editDistance(w.normalize('NFD'), form.normalize('NFD')) <= 1 && compact[f]!.includes(w)) ? TYPO : 0,
          ),
        ),
      );
    let score = 0;
    for (const factor of [...latin.map(latinFactor), ...hangul.map((term) => hangulFactor(term))]) {
      const best = Math.max(...fields.map((name, f) => FIELD_WEIGHTS[name] * factor(f)));
      if (best === 0) return;
      score += best;
    }
    hits.push({ id: document.id, score, doc });
  });
  return hits.sort((a, b) => b.score - a.score || a.doc - b.doc).map(({ id, score }) => ({ id, score }));
}

// Few letters and syllables, so that words, prefixes and syllable pairs collide often.
// Particles, near spellings, infixes and Hangul spellings of names among them.
const piece = fc.constantFrom(
  ...['서버', '리스', '서', '버', '디자인', '디지인', '패턴', '가', '을', '에서', '람다', '그라비톤', '정확도'],
  ...['aws', 'Lam', 'lambda', 'lamda', 'la', 'x', 'EC2', 'ＡＷＳ', '2', 'search', 'OpenSearch', 'open', 'db', 'graviton', 'gravitn'],
  ...[' ', ' ', ', ', '-', '과', '\u1103\u1175', '😀', '𠀀b', '𝐀'],
);
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
