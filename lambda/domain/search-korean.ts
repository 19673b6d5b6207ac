/**
 * Korean for search: taking a trailing particle or ending off a word
 * (`케이뱅크를` -> `케이뱅크`) and spelling syllables as jamo, so that near
 * spellings are one letter apart (`디지인` and `디자인` differ in one vowel).
 * The rules, and the words deliberately left alone, are in docs/search.md.
 */

/**
 * Particles and endings taken off the end of a word, longest first so that
 * `에서` wins over `서`-less `에`. Compounds of particles are listed whole.
 */
const ENDINGS = [
  '에서부터', '으로부터', '에서는', '에서도', '에서의', '에서만', '으로는', '으로도', '으로의', '으로만', '이라는', '이라고',
  '에게서', '까지의', '부터의', '에서', '으로', '까지', '부터', '에게', '께서', '보다', '처럼', '마다', '에는', '에도', '에의',
  '로는', '로도', '로의', '과의', '와의', '이란', '라는', '라고', '이나', '이랑', '하는', '했던', '하던', '하기', '하고',
  '하여', '해서', '되는', '되던', '만의', '을', '를', '이', '가', '은', '는', '의', '에', '로', '와', '과', '도', '만',
  '나', '랑', '한', '된',
].sort((a, b) => b.length - a.length);

/** A stem keeps at least this many syllables: `속도`, `인도`, `회의`, `프로` are not stripped. */
export const MIN_STEM = 2;

/**
 * Words whose last syllable looks like a particle but belongs to the word
 * (`-도` "degree", `-로` of loanwords, `-이` of `웨이`): never stripped.
 */
export const NOT_STRIPPED: ReadonlySet<string> = new Set([
  '정확도', '신뢰도', '복잡도', '유사도', '중요도', '만족도', '성숙도', '가속도', '완성도', '해상도', '가용도', '민감도',
  '마이크로', '매크로', '메트로', '레트로', '게이트웨이', '플레이', '디스플레이', '오버레이', '릴레이',
]);

/** The word without its trailing particle or ending, or undefined when it has none to take off. */
export function stripEnding(word: string): string | undefined {
  if (NOT_STRIPPED.has(word)) return undefined;
  for (const ending of ENDINGS) {
    if (word.length >= ending.length + MIN_STEM && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return undefined;
}

/** The forms a Hangul word is searched by: itself, then without its ending. */
export function hangulForms(word: string): string[] {
  const stripped = stripEnding(word);
  return stripped === undefined ? [word] : [word, stripped];
}

/** A particle or ending on its own: glued to a Latin word (`Graviton과`, `EC2를`) it is not a query word. */
export function isEnding(run: string): boolean {
  return ENDINGS.includes(run);
}

/** Hangul syllables as their jamo (initial, vowel, final if any); anything else as it is. */
export function jamo(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    if (unit < 0xac00 || unit > 0xd7a3) {
      out += word[i];
      continue;
    }
    const s = unit - 0xac00;
    const final = s % 28;
    out += String.fromCharCode(0x1100 + Math.floor(s / 588), 0x1161 + Math.floor((s % 588) / 28));
    if (final > 0) out += String.fromCharCode(0x11a7 + final);
  }
  return out;
}
