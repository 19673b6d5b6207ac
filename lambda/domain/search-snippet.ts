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

const isHangul = (unit: number) => (unit >= 0xac00 && unit <= 0xd7af) || (unit >= 0x1100 && unit <= 0x11ff) || (unit >= 0x3130 && unit <= 0x318f);
const LETTER = /[\p{L}\p{N}]/u;

/** A text as the index reads it, with the written text's [start, end) of each of its code units. */
interface ReadText {
  text: string;
  from: Int32Array;
  to: Int32Array;
}

function read(written: string): ReadText {
  const pieces: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let at = 0; at < written.length; ) {
    const unit = written.charCodeAt(at);
    const width = unit >= 0xd800 && unit <= 0xdbff && at + 1 < written.length ? 2 : 1;
    // ASCII and Hangul syllables are their own NFKC form: the common case needs no normalize() call.
    const char = written.slice(at, at + width);
    const piece = unit < 0x80 || (unit >= 0xac00 && unit <= 0xd7a3) ? char.toLowerCase() : char.normalize('NFKC').toLowerCase();
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

/** Every match of the plans' sources in a text. */
function findAll(written: string, plans: readonly TermPlan[]): Found[] {
  const { text, from, to } = read(written);
  const found: Found[] = [];
  const add = (plan: number, factor: number, start: number, end: number, typed?: string) => {
    const range: [number, number] = [from[start]!, to[end - 1]!];
    found.push({ range, plan, factor, ...(typed ? { typed, word: written.slice(range[0], range[1]) } : {}) });
  };
  const each = (visit: (match: SourceMatch, plan: number, factor: number, typed?: string) => void) =>
    plans.forEach((plan, p) => plan.sources.forEach((source) => visit(source.match, p, source.factor, source.typed)));

  // Latin words: runs of letters and digits outside Hangul.
  for (let at = 0; at < text.length; ) {
    const unit = text.charCodeAt(at);
    if (isHangul(unit) || !LETTER.test(text[at]!)) {
      at++;
      continue;
    }
    let end = at + 1;
    while (end < text.length && !isHangul(text.charCodeAt(end)) && LETTER.test(text[end]!)) end++;
    const word = text.slice(at, end);
    const start = at;
    each((match, plan, factor, typed) => {
      if ('prefix' in match && word.startsWith(match.prefix)) add(plan, factor, start, start + match.prefix.length);
      else if ('inside' in match) {
        const inside = word.indexOf(match.inside, 1);
        if (inside >= 1) add(plan, factor, start + inside, start + inside + match.inside.length);
      } else if ('words' in match && match.words.includes(word)) add(plan, factor, start, end, typed);
    });
    at = end;
  }

  // Hangul: runs with spaces and punctuation taken out, a Latin word between ending them (as the index keeps them).
  const units: number[] = [];
  let hangul = '';
  for (let at = 0; at < text.length; at++) {
    const unit = text.charCodeAt(at);
    if (isHangul(unit)) {
      hangul += text[at];
      units.push(at);
    } else if (LETTER.test(text[at]!) && !hangul.endsWith('\0')) {
      hangul += '\0';
      units.push(at);
    }
  }
  each((match, plan, factor, typed) => {
    if (!('hangul' in match)) return;
    for (let at = hangul.indexOf(match.hangul); at >= 0; at = hangul.indexOf(match.hangul, at + 1)) {
      add(plan, factor, units[at]!, units[at + match.hangul.length - 1]! + 1, typed);
    }
  });
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

/** An abstract's window around its first match, cut at spaces, `…` where it was cut. */
function windowOf(written: string, ranges: readonly [number, number][]): Snippet {
  let from = Math.max(0, ranges[0]![0] - LEAD);
  if (from > 0) {
    const space = written.indexOf(' ', from);
    if (space >= 0 && space < ranges[0]![0]) from = space + 1;
  }
  let to = Math.min(written.length, from + WINDOW);
  if (to < written.length) {
    const space = written.lastIndexOf(' ', to);
    if (space > ranges[0]![1]) to = space;
  }
  const part = escapedPart(written, from, to, ranges);
  const lead = from > 0 ? '…' : '';
  return {
    field: 'abstract',
    text: lead + part.text + (to < written.length ? '…' : ''),
    matches: part.matches.map(({ start, end }) => ({ start: start + lead.length, end: end + lead.length })),
  };
}

/** The snippet of the heaviest of title, speakers and abstract that matches; null when only tags do. */
export function snippetOf(texts: HitTexts, plans: readonly TermPlan[]): Snippet | null {
  for (const field of ['title', 'speakers'] as const) {
    const found = findAll(texts[field], plans);
    if (found.length > 0) return { field, ...escapedPart(texts[field], 0, texts[field].length, merged(found)) };
  }
  const found = findAll(texts.abstract, plans);
  return found.length > 0 ? windowOf(texts.abstract, merged(found)) : null;
}

/**
 * The query as it would have found `texts` without a typo, when some word
 * of it matched them only one letter off (no exact, prefix, stripped,
 * other-script or inside-a-word match in any field); else undefined.
 */
export function didYouMean(query: string, texts: HitTexts, plans: readonly TermPlan[]): string | undefined {
  const found = [texts.title, texts.speakers, texts.tags, texts.abstract].flatMap((text) => findAll(text, plans));
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
