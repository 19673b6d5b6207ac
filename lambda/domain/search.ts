/**
 * Search over an event's sessions, in Korean and English.
 *
 * - Text is normalised first: NFKC (full-width Latin becomes ASCII, Hangul
 *   typed as separate jamo is composed), lower case, one space.
 * - Korean has no spaces inside compounds (`디자인패턴` and `디자인 패턴` mean the
 *   same), so Hangul is matched on text with the spaces taken out: through
 *   postings of single syllables and syllable pairs, and for longer words a
 *   substring check of the few sessions that have the word's rarest pair.
 * - English is matched by words and word prefixes (`Gravi` finds `Graviton`),
 *   Latin and Hangul being separate words even when written together
 *   (`Graviton과`).
 * - A query word also matches without a Korean particle or ending, inside
 *   longer Latin words, one letter off, and in its other script (Hangul
 *   spellings of names): the plans of ./search-plan.ts.
 * - Every word of the query must match. A match in the title counts most,
 *   then speakers (names, companies), tags, and the abstract; exact matches
 *   count more than the others.
 *
 * The index is built for bounded memory and bounded work per query (see
 * docs/search.md): postings are typed arrays, one per kind of key, in which
 * each entry is a session and the heaviest field having the key; a query
 * term walks at most its own postings, so a one-letter query costs one pass
 * over the postings of the words with that first letter, nothing per pair of
 * words and sessions.
 */
import { FIELD_BITS, FIELD_MASK, HANGUL_CODES, hangulCode, IdTable, PostingsBuilder, WordTable, type Postings } from './search-tables';
import { nextGeneration, rankedPage } from './search-ranking';
import { MIN_TYPO_HANGUL, MIN_TYPO_LATIN, planHangul, planLatin, type TermPlan } from './search-plan';
import { isEnding, jamo, stripEnding } from './search-korean';
import { deletionIndex, infixIndex, type KeyedRows } from './search-near';
import { BUILT_IN_SYNONYMS, BUILT_IN_TABLE, synonymTable, type SearchSynonym, type SynonymTable } from './search-synonyms';

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What a session's search covers of its speakers: names and companies. */
export function speakerText(speakers: readonly { name: string; company?: string }[]): string {
  return normalize(speakers.flatMap((s) => [s.name, s.company ?? '']).join(' '));
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g;
/** Letters and digits of any script but Hangul, which is handled by syllables. */
const WORD = /[\p{L}\p{N}]+/gu;

const compact = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, '');

/** Words for prefix matching: every run of letters or digits outside Hangul. */
function words(text: string): string[] {
  return text.replace(HANGUL_RUN, ' ').match(WORD) ?? [];
}

/** Heaviest first: scoring takes the first field that matches. */
export const FIELD_WEIGHTS = { title: 8, speakers: 4, tags: 2, abstract: 1 } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as SearchField[];
const WEIGHTS = FIELDS.map((name) => FIELD_WEIGHTS[name]);

export interface SearchDocument {
  id: string;
  fields: Record<SearchField, string>;
}

export interface SearchIndex {
  ids: readonly string[];
  /** Every distinct Latin word, sorted: a prefix is a range of it, and its postings one slice of `words`. */
  vocabulary: readonly string[];
  words: Postings;
  /**
   * One row per first character of the vocabulary's words (`initials`, sorted), each session once with
   * its heaviest field: a one-letter prefix walks at most one entry per session, not every word's postings.
   */
  initials: readonly string[];
  initialPostings: Postings;
  /** Hangul syllables and syllable pairs (see `gramKey`) -> their row in `grams`. */
  gramRows: Map<number, number>;
  grams: Postings;
  /** Each field's Hangul, spaces and punctuation taken out, runs apart (`doc * 4 + field`): for words of 3+ syllables. */
  hangulText: readonly string[];
  /** Latin words one edit from a query word, and words with it inside: rows of `vocabulary` (./search-near.ts). */
  latinNear: KeyedRows;
  latinInfix: KeyedRows;
  /**
   * Hangul words of 3+ syllables in titles, speakers and tags (runs between non-Hangul characters, and
   * those without their endings), for near spellings.
   */
  hangulWords: readonly string[];
  /** Rows of `hangulWords` by the deletion neighbourhoods of their jamo. */
  hangulNear: KeyedRows;
  /** Hangul spellings of Latin names and back: the built-in dictionary and the event's own entries. */
  synonyms: SynonymTable;
  /** Memory the index holds, roughly: what a cache of indexes counts against its budget. */
  bytes: number;
  /**
   * Per-document scratch space reused by every search (searches are synchronous, so never shared):
   * `stamp` marks a term's documents, `alive` the candidates left, `termScore` a term's best score.
   */
  scratch: { stamp: Int32Array; alive: Int32Array; termScore: Int8Array; score: Int32Array; docs: Int32Array; generation: number };
}

// ---- building ----

/** What each UTF-16 code unit is to the index: part of a Hangul run, of a word, or a separator. Built on first use. */
export const HANGUL_UNIT = 1;
export const WORD_UNIT = 2;
let unitKinds: Uint8Array | undefined;
export function unitKind(unit: number): number {
  if (!unitKinds) {
    unitKinds = new Uint8Array(0x10000);
    for (let u = 0; u < 0x10000; u++) {
      const char = String.fromCharCode(u);
      unitKinds[u] = HANGUL.test(char) ? HANGUL_UNIT : /[\p{L}\p{N}]/u.test(char) ? WORD_UNIT : 0;
    }
  }
  return unitKinds[unit]!;
}

/** A character outside the BMP at `at` (a surrogate pair) is a word character when it is a letter or a digit. */
function astralIsWord(text: string, at: number): boolean {
  return /[\p{L}\p{N}]/u.test(String.fromCodePoint(text.codePointAt(at)!));
}

/** Near spellings of Hangul words are looked for among the words of titles, speakers and tags: what people search by, in bounded memory. */
const ABSTRACT = FIELDS.indexOf('abstract');

export interface IndexOptions {
  /** The event's own Hangul spellings of names, on top of the built-in ones. */
  synonyms?: readonly SearchSynonym[];
}

export function buildIndex(documents: readonly SearchDocument[], options: IndexOptions = {}): SearchIndex {
  const wordIds = new WordTable();
  const hangulWordIds = new WordTable();
  const wordPostings = new PostingsBuilder();
  const gramIds = new IdTable(HANGUL_CODES);
  const gramPostings = new PostingsBuilder();
  const hangulText: string[] = [];
  let textBytes = 0;
  let hangulUnits = new Uint16Array(4096);
  const utf16 = new TextDecoder('utf-16le');

  documents.forEach((document, doc) => {
    FIELDS.forEach((name, field) => {
      // One pass over the text: Latin words end at anything that is not a letter or digit (Hangul included);
      // Hangul runs skip spaces and punctuation (compounds match with or without spaces) and end at a word.
      const text = document.fields[name].normalize('NFKC').toLowerCase();
      if (hangulUnits.length < text.length + 1) hangulUnits = new Uint16Array(text.length * 2);
      let hangulLength = 0;
      let previous = -1;
      let wordStart = -1;
      let hangulStart = -1;
      for (let at = 0; at <= text.length; at++) {
        const unit = at < text.length ? text.charCodeAt(at) : 0x20;
        let kind = unitKind(unit);
        if (unit >= 0xd800 && unit <= 0xdbff && at + 1 < text.length) kind = astralIsWord(text, at) ? WORD_UNIT : 0;
        if (kind === WORD_UNIT) {
          if (wordStart < 0) wordStart = at;
        } else if (wordStart >= 0) {
          wordPostings.add(wordIds.id(text, wordStart, at), doc, field);
          wordStart = -1;
        }
        if (kind === HANGUL_UNIT) {
          if (hangulStart < 0) hangulStart = at;
        } else if (hangulStart >= 0) {
          if (field !== ABSTRACT) hangulWordIds.id(text, hangulStart, at);
          hangulStart = -1;
        }
        if (kind === HANGUL_UNIT) {
          const code = hangulCode(unit);
          gramPostings.add(gramIds.id(code), doc, field);
          if (previous >= 0) gramPostings.add(gramIds.id(HANGUL_CODES + previous * HANGUL_CODES + code), doc, field);
          else if (hangulLength > 0) hangulUnits[hangulLength++] = 0;
          hangulUnits[hangulLength++] = unit;
          previous = code;
        } else if (kind === WORD_UNIT) {
          previous = -1;
        }
        if (kind === WORD_UNIT && unit >= 0xd800 && unit <= 0xdbff) at++;
      }
      // A separator that is no letter keeps a word from matching across runs (`디자인 AWS 패턴` has no `디자인패턴`).
      const hangul = hangulLength === 0 ? '' : utf16.decode(hangulUnits.subarray(0, hangulLength));
      hangulText.push(hangul);
      textBytes += hangul.length * 2;
    });
  });

  // Sorted vocabulary: a prefix's words are one range of rows.
  const order = wordIds.words.map((_, id) => id).sort((a, b) => (wordIds.words[a]! < wordIds.words[b]! ? -1 : 1));
  const vocabulary = order.map((id) => wordIds.words[id]!);
  const rowOfWord = new Int32Array(vocabulary.length);
  order.forEach((id, row) => (rowOfWord[id] = row));
  const wordsIndex = wordPostings.build(vocabulary.length, rowOfWord);
  const { initials, initialPostings } = initialRows(vocabulary, wordsIndex, documents.length);
  const grams = gramPostings.build(gramIds.size);
  const gramRows = new Map<number, number>();
  gramIds.forEach((key, id) => gramRows.set(key, id));
  const latinNear = deletionIndex(vocabulary, MIN_TYPO_LATIN - 1);
  const latinInfix = infixIndex(vocabulary);
  const hangulWords = longHangulWords(hangulWordIds.words);
  const hangulNear = deletionIndex(hangulWords.map(jamo), 0);
  const synonyms = options.synonyms?.length ? synonymTable([...BUILT_IN_SYNONYMS, ...options.synonyms]) : BUILT_IN_TABLE;

  const n = documents.length;
  const arrays = [wordsIndex.start, wordsIndex.entries, initialPostings.start, initialPostings.entries, grams.start, grams.entries, latinNear.entries, latinInfix.entries, hangulNear.entries];
  const arrayBytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
  const stringBytes = (list: readonly string[]) => list.reduce((sum, w) => sum + 2 * w.length + 32, 0);
  const bytes = arrayBytes + textBytes + stringBytes(vocabulary) + stringBytes(hangulWords) + gramRows.size * 40 + n * 21;
  return {
    ids: documents.map((d) => d.id),
    vocabulary,
    words: wordsIndex,
    initials,
    initialPostings,
    gramRows,
    grams,
    hangulText,
    latinNear,
    latinInfix,
    hangulWords,
    hangulNear,
    synonyms,
    bytes,
    scratch: { stamp: new Int32Array(n), alive: new Int32Array(n), termScore: new Int8Array(n), score: new Int32Array(n), docs: new Int32Array(n), generation: 0 },
  };
}

/** The Hangul words of 3+ syllables, with and without their endings (`디자인을` gives `디자인` too), each once. */
function longHangulWords(runs: readonly string[]): string[] {
  const words = new Set<string>();
  for (const run of runs) {
    if (run.length >= MIN_TYPO_HANGUL) words.add(run);
    const stem = stripEnding(run);
    if (stem !== undefined && stem.length >= MIN_TYPO_HANGUL) words.add(stem);
  }
  return [...words];
}

/**
 * The postings of every one-character prefix: the rows of the sorted vocabulary's words with that first
 * character (a UTF-16 code unit, as prefixes compare), merged, each session once with its heaviest field.
 */
function initialRows(vocabulary: readonly string[], words: Postings, documents: number): { initials: string[]; initialPostings: Postings } {
  const initials: string[] = [];
  const builder = new PostingsBuilder();
  const best = new Int8Array(documents).fill(-1);
  const docs = new Int32Array(documents);
  for (let from = 0; from < vocabulary.length; ) {
    const initial = vocabulary[from]![0]!;
    let to = from + 1;
    while (to < vocabulary.length && vocabulary[to]![0] === initial) to++;
    let count = 0;
    for (let i = words.start[from]!; i < words.start[to]!; i++) {
      const doc = words.entries[i]! >> FIELD_BITS;
      const field = words.entries[i]! & FIELD_MASK;
      if (best[doc] === -1) docs[count++] = doc;
      if (best[doc] === -1 || field < best[doc]!) best[doc] = field;
    }
    // The builder keeps a key's entries in the order added: documents in index order, each with its heaviest field.
    const row = docs.subarray(0, count).sort();
    for (const doc of row) {
      builder.add(initials.length, doc, best[doc]!);
      best[doc] = -1;
    }
    initials.push(initial);
    from = to;
  }
  return { initials, initialPostings: builder.build(initials.length) };
}

// ---- searching ----

/**
 * The words of a query: Hangul terms (each space-separated word's Hangul
 * runs, punctuation taken out) and Latin words. A particle glued to a Latin
 * word (`Graviton과`, `EC2를`) is no term of its own.
 */
export function queryTerms(query: string): { hangul: string[]; latin: string[] } {
  const text = normalize(query);
  const hangul = new Set<string>();
  for (const token of text.split(' ').map(compact)) {
    for (const run of token.matchAll(HANGUL_RUN)) if (run.index === 0 || !isEnding(run[0])) hangul.add(run[0]);
  }
  return { hangul: [...hangul], latin: [...new Set(words(text))] };
}

/** The heaviest field of `doc` whose Hangul has `term`, or -1. */
function fieldWith(index: SearchIndex, doc: number, term: string): number {
  for (let field = 0; field < FIELDS.length; field++) if (index.hangulText[doc * FIELDS.length + field]!.includes(term)) return field;
  return -1;
}

export interface SearchHit {
  doc: number;
  id: string;
  score: number;
}

/** A page of hits, and how many there are in all. */
export interface SearchPage {
  hits: SearchHit[];
  total: number;
}

export interface PageRequest {
  /** Hits to skip, in rank order (0). */
  offset?: number;
  /** Hits to return at most (all). */
  limit?: number;
  /** Limits the search to documents that pass the other filters; asked only about documents that match a term. */
  accept?: (doc: number) => boolean;
}

/** Every matching document with its score, best first (ties keep index order, which is time order). */
export function search(index: SearchIndex, query: string, accept?: (doc: number) => boolean): SearchHit[] {
  return searchPage(index, query, accept ? { accept } : {}).hits;
}

/**
 * One page of the matching documents in rank order (best score first, ties
 * in index order), and their number. Only the page is put in order.
 */
export function searchPage(index: SearchIndex, query: string, { offset = 0, limit = Infinity, accept }: PageRequest = {}): SearchPage {
  const { docs } = matchQuery(index, query, accept);
  return { hits: rankedPage(index, docs, offset, Math.min(docs.length, offset + limit)), total: docs.length };
}

/**
 * The documents matching every word of the query (and `accept`), unordered,
 * their scores in `index.scratch.score`, and the plans they were found by
 * (what snippets mark). Both are the index's scratch space: valid until its
 * next search.
 */
export interface Matches {
  docs: Int32Array;
  plans: TermPlan[];
}

export function matchQuery(index: SearchIndex, query: string, accept?: (doc: number) => boolean): Matches {
  const { hangul, latin } = queryTerms(query);
  const plans = [...latin.map((word, k) => planLatin(index, word, latin[k - 1])), ...hangul.map((term) => planHangul(index, term))];
  const none = { docs: new Int32Array(0), plans };
  if (plans.length === 0) return none;
  // The term with the fewest postings goes first: later terms only narrow its documents.
  plans.sort((a, b) => a.size - b.size);
  const { stamp, alive, termScore, score, docs } = index.scratch;

  // The candidates are docs[0..count): the first term's documents, narrowed by each later term in place.
  let count = -1;
  let aliveGeneration = 0;
  for (const plan of plans) {
    const generation = nextGeneration(index.scratch);
    const first = count < 0;
    // Mark each candidate in the term's sources with this round's stamp and its best score for the term.
    let found = 0;
    for (const { postings, slices, verify, factor } of plan.sources) {
      const { entries } = postings;
      for (const [from, to] of slices) {
        for (let i = from; i < to; i++) {
          const entry = entries[i]!;
          const doc = entry >> FIELD_BITS;
          if (!first && alive[doc] !== aliveGeneration) continue;
          const f = verify ? fieldWith(index, doc, verify) : entry & FIELD_MASK;
          if (f < 0) continue;
          const points = WEIGHTS[f]! * factor;
          if (stamp[doc] !== generation) {
            stamp[doc] = generation;
            termScore[doc] = points;
            if (first) docs[found++] = doc;
          } else if (points > termScore[doc]!) termScore[doc] = points;
        }
      }
    }
    aliveGeneration = nextGeneration(index.scratch);
    let kept = 0;
    for (let i = 0, n = first ? found : count; i < n; i++) {
      const doc = docs[i]!;
      if (stamp[doc] !== generation) continue;
      if (first && accept && !accept(doc)) continue;
      score[doc] = (first ? 0 : score[doc]!) + termScore[doc]!;
      alive[doc] = aliveGeneration;
      docs[kept++] = doc;
    }
    count = kept;
    if (count === 0) return none;
  }
  return { docs: docs.subarray(0, count), plans };
}
