/**
 * Where a hit matched, for people to see: a short snippet of the heaviest
 * field with a match (title, then speakers, then abstract), HTML-escaped,
 * the matches given as offsets into the escaped text (never markup), and
 * "did you mean" when a query word matched its hit only one letter off.
 * A text is read as the index reads it (./search.ts: NFKC, lower case,
 * Latin words, Hangul with spaces taken out) by the plans the search ran
 * (./search-plan.ts), and each match mapped back to the text as written.
 * Only a page's hits are looked at. docs/search.md.
 */
import { HANGUL_UNIT, unitKind, WORD_UNIT } from './search';
import { MATCH_FACTORS, type SourceMatch, type TermPlan } from './search-plan';

export type SnippetField = 'title' | 'speakers' | 'abstract';

export interface Snippet {
  field: SnippetField;
  /** The field's text (an abstract's: a window around its first match), HTML-escaped. */
  text: string;
  /** Each match as [start, end) offsets into `text` (UTF-16 code units, as JavaScript strings count), in order, apart. */
  matches: { start: number; end: number }[];
}

/** A hit's texts as written. `speakers` as shown: names, with the company in brackets. */
export interface HitTexts {
  title: string;
  speakers: string;
  tags: string;
  abstract: string;
}

/** An abstract's snippet is about this many characters, cut at spaces. */
const WINDOW = 160;
/** Characters of context kept before an abstract's first match. */
const LEAD = 40;
/** An abstract is read this many characters at a time, the next block starting this many before the last ended. */
const BLOCK = 600;
const OVERLAP = 24;

/** Text that NFKC and lower case leave one code unit for one: ASCII and Hangul syllables (most of a catalogue). */
const SIMPLE = /^[\u0000-\u007f\uac00-\ud7a3]*$/;

/** A text as the index reads it, with the written text's [start, end) of each of its code units (none: the same). */
interface ReadText {
  text: string;
  from?: Int32Array;
  to?: Int32Array;
}

function read(written: string): ReadText {
  if (SIMPLE.test(written)) return { text: written.toLowerCase() };
  const pieces: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let at = 0; at < written.length; ) {
    const unit = written.charCodeAt(at);
    const width = unit >= 0xd800 && unit <= 0xdbff && at + 1 < written.length ? 2 : 1;
    const piece = written.slice(at, at + width).normalize('NFKC').toLowerCase();
    for (let k = 0; k < piece.length; k++) {
      from.push(at);
      to.push(at + width);
    }
    pieces.push(piece);
    at += width;
  }
  return { text: pieces.join(''), from: Int32Array.from(from), to: Int32Array.from(to) };
}

interface Found {
  /** [start, end) in the written text. */
  range: [number, number];
  plan: number;
  factor: number;
  /** For a near spelling: the query form it stands for, and the text's word as written. */
  typed?: string;
  word?: string;
}

/** One source of a query word, as a text is searched for it. */
interface Matcher {
  match: SourceMatch;
  plan: number;
  factor: number;
  typed?: string | undefined;
}

const matchersOf = (plans: readonly TermPlan[]): Matcher[] =>
  plans.flatMap((plan, p) => plan.sources.map((source) => ({ match: source.match, plan: p, factor: source.factor, typed: source.typed })));

/** Every match of the sources in a text: Latin words one by one, Hangul in its runs with spaces and punctuation taken out. */
function findAll(written: string, matchers: readonly Matcher[]): Found[] {
  const { text, from, to } = read(written);
  const found: Found[] = [];
  // A text without any source's first letter has nothing to find (most blocks of a long abstract).
  if (!matchers.some(({ match }) => 'words' in match || text.includes(('prefix' in match ? match.prefix : 'inside' in match ? match.inside : match.hangul)[0]!))) return found;
  const add = ({ plan, factor, typed }: Matcher, start: number, end: number) => {
    const range: [number, number] = [from ? from[start]! : start, to ? to[end - 1]! : end];
    found.push({ range, plan, factor, ...(typed ? { typed, word: written.slice(range[0], range[1]) } : {}) });
  };
  const latinWord = (word: string, at: number) => {
    for (const matcher of matchers) {
      const { match } = matcher;
      if ('prefix' in match) {
        if (word.startsWith(match.prefix)) add(matcher, at, at + match.prefix.length);
      } else if ('inside' in match) {
        const inside = word.indexOf(match.inside, 1);
        if (inside >= 1) add(matcher, at + inside, at + inside + match.inside.length);
      } else if ('words' in match && match.words.includes(word)) add(matcher, at, at + word.length);
    }
  };
  // The Hangul runs joined, a Latin word between ending them (\0), as the index keeps them; each piece's place in `text` maps them back.
  // One pass with the index's table of what each code unit is (./search.ts), no regular expression per character.
  const pieces: string[] = [];
  const joinedAt: number[] = [];
  const textAt: number[] = [];
  let length = 0;
  const piece = (part: string, at: number) => {
    pieces.push(part);
    joinedAt.push(length);
    textAt.push(at);
    length += part.length;
  };
  const latin = matchers.some(({ match }) => !('hangul' in match));
  let wordStart = -1;
  let runStart = -1;
  for (let at = 0; at <= text.length; at++) {
    const kind = at < text.length ? unitKind(text.charCodeAt(at)) : 0;
    if (kind === HANGUL_UNIT) {
      if (runStart < 0) runStart = at;
    } else if (runStart >= 0) {
      piece(text.slice(runStart, at), runStart);
      runStart = -1;
    }
    if (kind === WORD_UNIT) {
      if (wordStart < 0) wordStart = at;
    } else if (wordStart >= 0) {
      piece('\0', wordStart);
      if (latin) latinWord(text.slice(wordStart, at), wordStart);
      wordStart = -1;
    }
  }
  const hangul = pieces.join('');
  /** Where the joined Hangul's unit `at` is in `text` (pieces in order: the last starting at or before it). */
  const unitAt = (at: number) => {
    let low = 0;
    let high = joinedAt.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (joinedAt[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return textAt[low]! + at - joinedAt[low]!;
  };
  for (const matcher of matchers) {
    if (!('hangul' in matcher.match)) continue;
    const { hangul: part } = matcher.match;
    for (let at = hangul.indexOf(part); at >= 0; at = hangul.indexOf(part, at + 1)) add(matcher, unitAt(at), unitAt(at + part.length - 1) + 1);
  }
  return found;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `written[from..to)` HTML-escaped, with `ranges` (in `written`) moved into the escaped text. */
function escapedPart(written: string, from: number, to: number, ranges: readonly [number, number][]): { text: string; matches: Snippet['matches'] } {
  const at = new Int32Array(to - from + 1);
  let text = '';
  for (let i = from; i < to; i++) {
    at[i - from] = text.length;
    text += ESCAPES[written[i]!] ?? written[i];
  }
  at[to - from] = text.length;
  const matches = ranges.filter(([start, end]) => start >= from && end <= to).map(([start, end]) => ({ start: at[start - from]!, end: at[end - from]! }));
  return { text, matches };
}

/** Each query word's best kind of match (`raviton` inside `Graviton`, not the whole word it is one letter from), ranges sorted and merged. */
function merged(found: readonly Found[]): [number, number][] {
  const best = new Map<number, number>();
  for (const f of found) best.set(f.plan, Math.max(best.get(f.plan) ?? 0, f.factor));
  const ranges = found.filter((f) => f.factor === best.get(f.plan)).map((f) => f.range).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/**
 * An abstract's window around its first match, cut at spaces, `…` where it
 * was cut. The abstract is read in blocks (cut at spaces, each starting a
 * little before the last ended, so a compound across the cut is found)
 * until one has a match; then only the window is read for its marks. A
 * long abstract is rarely read whole.
 */
function abstractSnippet(written: string, matchers: readonly Matcher[]): Snippet | null {
  for (let from = 0; from < written.length; ) {
    let to = Math.min(written.length, from + BLOCK);
    if (to < written.length) {
      const space = written.indexOf(' ', to);
      to = space < 0 ? written.length : space;
    }
    const start = from === 0 ? 0 : written.lastIndexOf(' ', from - OVERLAP) + 1;
    const found = findAll(written.slice(start, to), matchers);
    if (found.length > 0) return windowAround(written, start + Math.min(...found.map((f) => f.range[0])), matchers);
    from = to;
  }
  return null;
}

function windowAround(written: string, first: number, matchers: readonly Matcher[]): Snippet {
  let from = Math.max(0, first - LEAD);
  if (from > 0) {
    const space = written.indexOf(' ', from);
    if (space >= 0 && space < first) from = space + 1;
  }
  let to = Math.min(written.length, from + WINDOW);
  if (to < written.length) {
    const space = written.lastIndexOf(' ', to);
    if (space > first) to = space;
  }
  const text = written.slice(from, to);
  const part = escapedPart(text, 0, text.length, merged(findAll(text, matchers)));
  const lead = from > 0 ? '…' : '';
  return {
    field: 'abstract',
    text: lead + part.text + (to < written.length ? '…' : ''),
    matches: part.matches.map(({ start, end }) => ({ start: start + lead.length, end: end + lead.length })),
  };
}

/** The snippet of the heaviest of title, speakers and abstract that matches; null when only tags do. */
export function snippetOf(texts: HitTexts, plans: readonly TermPlan[]): Snippet | null {
  const matchers = matchersOf(plans);
  for (const field of ['title', 'speakers'] as const) {
    const found = findAll(texts[field], matchers);
    if (found.length > 0) return { field, ...escapedPart(texts[field], 0, texts[field].length, merged(found)) };
  }
  return abstractSnippet(texts.abstract, matchers);
}

/**
 * The query as it would have found `texts` without a typo, when some word
 * of it matched them only one letter off (no exact, prefix, stripped,
 * other-script or inside-a-word match in any field); else undefined.
 */
export function didYouMean(query: string, texts: HitTexts, plans: readonly TermPlan[]): string | undefined {
  // Most queries have no near spellings to look at: then the hit's texts are not read.
  if (!plans.some((plan) => plan.sources.some((source) => source.typed !== undefined))) return undefined;
  const matchers = matchersOf(plans);
  const found = [texts.title, texts.speakers, texts.tags, texts.abstract].flatMap((text) => findAll(text, matchers));
  let corrected = query.normalize('NFKC').replace(/\s+/g, ' ').trim();
  let changed = false;
  plans.forEach((_, p) => {
    const own = found.filter((f) => f.plan === p);
    if (own.length === 0 || own.some((f) => f.factor !== MATCH_FACTORS.typo)) return;
    const { typed, word } = own[0]!;
    // The query's word as typed, in any case (the plans have it in lower case).
    const at = corrected.toLowerCase().indexOf(typed!);
    if (at < 0) return;
    corrected = corrected.slice(0, at) + word! + corrected.slice(at + typed!.length);
    changed = true;
  });
  return changed ? corrected : undefined;
}
