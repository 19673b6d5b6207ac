/**
 * Finding words of a vocabulary by part of them, without looking at every
 * word: words one edit away (a deletion neighbourhood, as SymSpell does:
 * two words are one substitution, insertion, deletion or transposition apart
 * only if deleting at most one letter from each gives the same string) and
 * words containing a string (by its letter trigrams). Both are hashes of
 * short strings mapped to vocabulary rows, in one sorted array; a hash
 * only proposes rows, which are then checked, so collisions cost time,
 * never a wrong match. docs/search.md has the sizes.
 */

/** Rows are the low bits of each entry, hashes the high ones: `hash * ROWS + row` stays an exact double (< 2^53). */
const ROWS = 2 ** 21;

/** FNV-1a over `word[from..to)` leaving out the code unit at `skip`. */
function hashOf(word: string, from: number, to: number, skip = -1): number {
  let hash = 0x811c9dc5;
  for (let at = from; at < to; at++) if (at !== skip) hash = Math.imul(hash ^ word.charCodeAt(at), 0x01000193);
  return hash >>> 0;
}

/** Hash -> rows, as one sorted array of `hash * ROWS + row`. */
export class KeyedRows {
  private constructor(readonly entries: Float64Array) {}

  static build(rows: number, keysOf: (row: number, emit: (hash: number) => void) => void): KeyedRows {
    if (rows > ROWS) throw new RangeError(`at most ${ROWS} words can be looked up by part`);
    let entries = new Float64Array(1024);
    let length = 0;
    for (let row = 0; row < rows; row++) {
      keysOf(row, (hash) => {
        if (length === entries.length) {
          const bigger = new Float64Array(length * 2);
          bigger.set(entries);
          entries = bigger;
        }
        entries[length++] = hash * ROWS + row;
      });
    }
    const sorted = entries.slice(0, length).sort();
    // A word may give one key twice (`aab` less either `a`): keep one.
    let kept = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i]!;
    return new KeyedRows(sorted.slice(0, kept));
  }

  /** Where the rows of `hash` are: [from, to) of `entries`. */
  range(hash: number): [number, number] {
    const lowerBound = (value: number) => {
      let low = 0;
      let high = this.entries.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (this.entries[mid]! < value) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    return [lowerBound(hash * ROWS), lowerBound((hash + 1) * ROWS)];
  }

  row(at: number): number {
    return this.entries[at]! % ROWS;
  }
}

/** Whether two words are at most one substitution, insertion, deletion or swap of neighbours apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const left = endA - start;
  const right = endB - start;
  if (left <= 1 && right <= 1) return true;
  // A swap of neighbours: `ab` for `ba`.
  return left === 2 && right === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
}

/** The deletion neighbourhood of each word at least `minLength` long: itself and every one-letter deletion. */
export function deletionIndex(words: readonly string[], minLength: number): KeyedRows {
  return KeyedRows.build(words.length, (row, emit) => {
    const word = words[row]!;
    if (word.length < minLength) return;
    emit(hashOf(word, 0, word.length));
    for (let skip = 0; skip < word.length; skip++) emit(hashOf(word, 0, word.length, skip));
  });
}

/** The rows of `words` one edit or less from `word`, in row order (`spelled` gives a row's word as the index spelled it). */
export function rowsNear(index: KeyedRows, word: string, spelled: (row: number) => string): number[] {
  const rows = new Set<number>();
  const visit = (hash: number) => {
    const [from, to] = index.range(hash);
    for (let at = from; at < to; at++) {
      const row = index.row(at);
      if (!rows.has(row) && withinOneEdit(word, spelled(row))) rows.add(row);
    }
  };
  visit(hashOf(word, 0, word.length));
  for (let skip = 0; skip < word.length; skip++) visit(hashOf(word, 0, word.length, skip));
  return [...rows].sort((a, b) => a - b);
}

/** Trigrams of each word that start after its first letter: a string found inside a word, not at its start. */
export function infixIndex(words: readonly string[]): KeyedRows {
  return KeyedRows.build(words.length, (row, emit) => {
    const word = words[row]!;
    for (let at = 1; at + 3 <= word.length; at++) emit(hashOf(word, at, at + 3));
  });
}

/** The rows of `words` having `part` (three letters or more) inside, not at the start, in row order. */
export function rowsContaining(index: KeyedRows, part: string, words: readonly string[]): number[] {
  // Any trigram of `part` is in every such word: walk the rarest one's rows.
  let best: [number, number] = [0, 0];
  for (let at = 0; at + 3 <= part.length; at++) {
    const range = index.range(hashOf(part, at, at + 3));
    if (at === 0 || range[1] - range[0] < best[1] - best[0]) best = range;
  }
  const rows: number[] = [];
  for (let at = best[0]; at < best[1]; at++) {
    const row = index.row(at);
    if (words[row]!.indexOf(part, 1) >= 1) rows.push(row);
  }
  // One hash's entries are sorted, so its rows are in order already.
  return rows;
}
