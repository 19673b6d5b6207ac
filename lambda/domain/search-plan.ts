/**
 * How a query word finds its sessions: the sources of matches it is
 * planned as (its prefix, infixes, near spellings, its form without an
 * ending, its other script), each with the factor its matches score by.
 * The index and the walk over the plans are in ./search.ts; the rules in
 * docs/search.md.
 */
import type { SearchIndex } from './search';
import { hangulForms, jamo } from './search-korean';
import { rowsContaining, rowsNear } from './search-near';
import { gramKey, type Postings } from './search-tables';

/** Hangul words this long or longer, and Latin words of `MIN_TYPO_LATIN`, are matched with one letter wrong (docs/search.md). */
export const MIN_TYPO_HANGUL = 3;
export const MIN_TYPO_LATIN = 5;
/** A Latin word this long or longer is found inside other words (`search` in `opensearch`). */
export const MIN_INFIX = 3;

/** The rows of the sorted vocabulary whose words start with `prefix`: [from, to). */
function prefixRows(vocabulary: readonly string[], prefix: string): [number, number] {
  const lowerBound = (value: string) => {
    let low = 0;
    let high = vocabulary.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (vocabulary[mid]! < value) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  // Every word with the prefix sorts below the prefix followed by the highest code unit.
  return [lowerBound(prefix), lowerBound(`${prefix}\uffff`)];
}

/**
 * How a query term finds its sessions: sources, each slices of postings to
 * walk and the factor its matches score by. A Latin word's sources are its
 * prefix (one slice of the sorted vocabulary's postings), the words having
 * it inside, the words one edit from it and its Hangul spellings; a Hangul
 * word's are itself, itself without its ending, the words one jamo from
 * either, and their Latin forms. Hangul words of three syllables or more are
 * found by their rarest syllable pair, then checked as substrings (`verify`).
 */
export interface Source {
  postings: Postings;
  slices: [from: number, to: number][];
  /** Set for words longer than the keys they were found by. */
  verify?: string;
  factor: number;
  /** What the source matches in a text, for snippets (./search-snippet.ts). */
  match: SourceMatch;
  /** A near spelling's source: the query word (or its form without an ending) it is one letter from, for "did you mean". */
  typed?: string;
}

/** Latin words starting with `prefix`, having `inside` after their first letter, or of a list; or a Hangul string, spaces taken out. */
export type SourceMatch = { prefix: string } | { inside: string } | { words: readonly string[] } | { hangul: string };

export interface TermPlan {
  sources: Source[];
  /** Entries in the sources' slices: what walking them costs. */
  size: number;
}

/**
 * A match scores its field's weight times its source's factor: the word as
 * typed (or its prefix) first, then without its ending or in its other
 * script, then inside a longer word, then one letter off. A term scores its
 * best match.
 */
export const MATCH_FACTORS = { exact: 4, stripped: 3, synonym: 3, infix: 2, typo: 1 } as const;

function source(postings: Postings, rows: [from: number, to: number][], factor: number, match: SourceMatch, verify?: string): Source {
  const slices = rows.map(([from, to]): [number, number] => [postings.start[from]!, postings.start[to]!]);
  return { postings, slices, factor, match, ...(verify ? { verify } : {}) };
}

const sourceSize = ({ slices }: Source) => slices.reduce((sum, [from, to]) => sum + to - from, 0);

function latinPrefix(index: SearchIndex, word: string, factor: number): Source {
  if (word.length === 1) return source(index.initialPostings, [prefixRows(index.initials, word)], factor, { prefix: word });
  return source(index.words, [prefixRows(index.vocabulary, word)], factor, { prefix: word });
}

function hangulWord(index: SearchIndex, term: string, factor: number): Source {
  const row = (key: number): [number, number] => {
    const found = index.gramRows.get(key);
    return found === undefined ? [0, 0] : [found, found + 1];
  };
  if (term.length <= 2) return source(index.grams, [row(gramKey(term, 0, term.length as 1 | 2))], factor, { hangul: term });
  const pairs = Array.from({ length: term.length - 1 }, (_, at) => source(index.grams, [row(gramKey(term, at, 2))], factor, { hangul: term }, term));
  return pairs.reduce((a, b) => (sourceSize(b) < sourceSize(a) ? b : a));
}

const wordRows = (rows: readonly number[]) => rows.map((row): [number, number] => [row, row + 1]);

/** `before` is the query's Latin word before this one: `db` after `dynamo` is also the rest of `dynamodb`. */
export function planLatin(index: SearchIndex, word: string, before: string | undefined): TermPlan {
  const sources = [latinPrefix(index, word, MATCH_FACTORS.exact)];
  if (before !== undefined) sources.push(latinPrefix(index, before + word, MATCH_FACTORS.exact));
  if (word.length >= MIN_INFIX) {
    const rows = rowsContaining(index.latinInfix, word, index.vocabulary);
    sources.push(source(index.words, wordRows(rows), MATCH_FACTORS.infix, { inside: word }));
  }
  if (word.length >= MIN_TYPO_LATIN) {
    const rows = rowsNear(index.latinNear, word, (row) => index.vocabulary[row]!);
    sources.push({ ...source(index.words, wordRows(rows), MATCH_FACTORS.typo, { words: rows.map((row) => index.vocabulary[row]!) }), typed: word });
  }
  for (const spelling of index.synonyms.hangulOf.get(word) ?? []) sources.push(hangulWord(index, spelling, MATCH_FACTORS.synonym));
  return planOf(sources);
}

export function planHangul(index: SearchIndex, term: string): TermPlan {
  const sources: Source[] = [];
  hangulForms(term).forEach((form, i) => {
    sources.push(hangulWord(index, form, i === 0 ? MATCH_FACTORS.exact : MATCH_FACTORS.stripped));
    for (const latin of index.synonyms.latinOf.get(form) ?? []) sources.push(latinPrefix(index, latin, MATCH_FACTORS.synonym));
    if (form.length < MIN_TYPO_HANGUL) return;
    for (const row of rowsNear(index.hangulNear, jamo(form), (r) => jamo(index.hangulWords[r]!))) {
      if (index.hangulWords[row] !== form) sources.push({ ...hangulWord(index, index.hangulWords[row]!, MATCH_FACTORS.typo), typed: form });
    }
  });
  return planOf(sources);
}

function planOf(sources: Source[]): TermPlan {
  return { sources, size: sources.reduce((sum, s) => sum + sourceSize(s), 0) };
}

