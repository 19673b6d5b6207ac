/**
 * Search over an event's sessions, in Korean and English.
 *
 * - Text is normalised first: NFKC (full-width Latin becomes ASCII, Hangul
 *   typed as separate jamo is composed), lower case, one space.
 * - Korean has no spaces inside compounds (`디자인패턴` and `디자인 패턴` mean the
 *   same), so Hangul is matched on text with the spaces taken out, found
 *   through an index of character bigrams and then checked as a substring.
 * - English is matched by words and word prefixes (`Gravi` finds `Graviton`),
 *   Latin and Hangul being separate words even when written together
 *   (`Graviton과`).
 * - Every word of the query must match. A match in the title counts most,
 *   then speakers (names, companies), tags, and the abstract.
 */

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What a session's search covers of its speakers: names and companies. */
export function speakerText(speakers: readonly { name: string; company?: string }[]): string {
  return normalize(speakers.flatMap((s) => [s.name, s.company ?? '']).join(' '));
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g;
/** Letters and digits of any script but Hangul, which is handled by bigrams. */
const WORD = /[\p{L}\p{N}]+/gu;

const compact = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, '');

/** Words for prefix matching: every run of letters or digits outside Hangul. */
function words(text: string): string[] {
  return (text.replace(HANGUL_RUN, ' ').match(WORD) ?? []).filter(Boolean);
}

function bigrams(text: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 1 < text.length; i++) grams.push(text.slice(i, i + 2));
  return grams;
}

/** Heaviest first: scoring takes the first field that matches. */
export const FIELD_WEIGHTS = { title: 8, speakers: 4, tags: 2, abstract: 1 } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;

export interface SearchDocument {
  id: string;
  fields: Record<SearchField, string>;
}

interface IndexedField {
  /** Normalised text without spaces or punctuation, for Hangul substrings. */
  compact: string;
  words: Set<string>;
}

export interface SearchIndex {
  docs: { id: string; fields: Record<SearchField, IndexedField> }[];
  /** Hangul bigram -> indexes of documents whose text has it. */
  bigrams: Map<string, number[]>;
  /** Every distinct word, sorted, for prefix look-ups by binary search. */
  vocabulary: string[];
  /** Word -> indexes of documents that have it. */
  postings: Map<string, number[]>;
}

const fieldNames = Object.keys(FIELD_WEIGHTS) as SearchField[];

export function buildIndex(documents: readonly SearchDocument[]): SearchIndex {
  const index: SearchIndex = { docs: [], bigrams: new Map(), vocabulary: [], postings: new Map() };
  const add = (map: Map<string, number[]>, key: string, doc: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [doc]);
    else if (list[list.length - 1] !== doc) list.push(doc);
  };
  documents.forEach((document, docIndex) => {
    const fields = {} as Record<SearchField, IndexedField>;
    for (const name of fieldNames) {
      const text = normalize(document.fields[name]);
      const field: IndexedField = { compact: compact(text), words: new Set(words(text)) };
      fields[name] = field;
      for (const run of field.compact.match(HANGUL_RUN) ?? []) for (const gram of bigrams(run)) add(index.bigrams, gram, docIndex);
      for (const word of field.words) add(index.postings, word, docIndex);
    }
    index.docs.push({ id: document.id, fields });
  });
  index.vocabulary = [...index.postings.keys()].sort();
  return index;
}

/** The words of a query: Hangul terms (spaces inside a Hangul phrase do not matter) and Latin words. */
export function queryTerms(query: string): { hangul: string[]; latin: string[] } {
  const text = normalize(query);
  const hangul = [...new Set(text.split(' ').map(compact).filter((t) => HANGUL.test(t)).flatMap((t) => t.match(HANGUL_RUN) ?? []))];
  return { hangul, latin: [...new Set(words(text))] };
}

/** The indexed words that start with `prefix` (binary search in the sorted vocabulary). */
function wordsWithPrefix(index: SearchIndex, prefix: string): string[] {
  let low = 0;
  let high = index.vocabulary.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (index.vocabulary[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  const found: string[] = [];
  for (let i = low; i < index.vocabulary.length && index.vocabulary[i]!.startsWith(prefix); i++) found.push(index.vocabulary[i]!);
  return found;
}

/** Documents having one of `words`. */
function withAnyWord(index: SearchIndex, words: readonly string[]): Set<number> {
  const found = new Set<number>();
  for (const word of words) for (const doc of index.postings.get(word)!) found.add(doc);
  return found;
}

/** Documents that may contain a Hangul term: those having all its bigrams (a single syllable: checked later). */
function withHangul(index: SearchIndex, term: string): Set<number> | undefined {
  const grams = bigrams(term);
  if (grams.length === 0) return undefined;
  let candidates: Set<number> | undefined;
  for (const gram of grams) {
    const docs = index.bigrams.get(gram) ?? [];
    candidates = new Set(candidates ? docs.filter((d) => candidates!.has(d)) : docs);
    if (candidates.size === 0) break;
  }
  return candidates;
}

export interface SearchHit {
  id: string;
  score: number;
}

/**
 * Matching documents with their scores, best first (ties keep index order,
 * which is time order). `among` limits the search to documents that passed
 * the other filters.
 */
export function search(index: SearchIndex, query: string, among?: ReadonlySet<number>): SearchHit[] {
  const { hangul, latin } = queryTerms(query);
  if (hangul.length === 0 && latin.length === 0) return [];
  let candidates: Set<number> | undefined = among ? new Set(among) : undefined;
  const narrow = (docs: Set<number> | undefined) => {
    if (!docs) return;
    candidates = new Set(candidates ? [...docs].filter((d) => candidates!.has(d)) : docs);
  };
  const expansions = latin.map((word) => wordsWithPrefix(index, word));
  for (const words of expansions) narrow(withAnyWord(index, words));
  for (const term of hangul) narrow(withHangul(index, term));
  const pool = candidates ?? new Set(index.docs.keys());

  const hits: SearchHit[] = [];
  for (const docIndex of [...pool].sort((a, b) => a - b)) {
    const doc = index.docs[docIndex]!;
    let score = 0;
    let matchedAll = true;
    // Fields are listed heaviest first, so the first field that matches gives the term's score.
    const scoreTerm = (matches: (field: IndexedField) => boolean) => {
      const field = fieldNames.find((name) => matches(doc.fields[name]));
      if (field) score += FIELD_WEIGHTS[field];
      else matchedAll = false;
    };
    for (const words of expansions) if (matchedAll) scoreTerm((field) => words.some((w) => field.words.has(w)));
    for (const term of hangul) if (matchedAll) scoreTerm((field) => field.compact.includes(term));
    if (matchedAll) hits.push({ id: doc.id, score });
  }
  // Stable sort: equal scores stay in time order.
  return hits.sort((a, b) => b.score - a.score);
}
