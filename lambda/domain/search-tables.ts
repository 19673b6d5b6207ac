/**
 * The tables the search index is built with and the postings it is made of,
 * all in typed arrays: no object per word, key or session, so that building
 * the index of a large event allocates little and the index holds little
 * (docs/search.md). The rules of matching are in ./search.ts.
 */

/** A posting entry is `doc << FIELD_BITS | field`, the field being the heaviest that has the key. */
export const FIELD_BITS = 2;
export const FIELD_MASK = (1 << FIELD_BITS) - 1;

/**
 * Key -> entries, laid out in one array (compressed sparse rows): the
 * entries of key k are `entries[start[k]]` up to `entries[start[k + 1]]`,
 * sorted by document.
 */
export interface Postings {
  start: Int32Array;
  entries: Int32Array;
}

/** Grows a typed array to at least `length`, doubling. */
function grown(array: Int32Array<ArrayBuffer>, length: number, fill = 0): Int32Array<ArrayBuffer> {
  if (length <= array.length) return array;
  const bigger = new Int32Array(Math.max(length, array.length * 2)).fill(fill);
  bigger.set(array);
  return bigger;
}

/** A slot of a power-of-two table for a 32-bit key or hash: the high bits of a multiplicative hash, which mix every bit of the key. */
const slotOf = (key: number, mask: number) => (Math.imul(key, 0x9e3779b1) >>> (Math.clz32(mask))) & mask;

/**
 * An open-addressing table of (key or hash, id) slots, empty where the id is
 * -1, copied into one twice its size.
 */
function doubled(keys: Int32Array, ids: Int32Array): [keys: Int32Array<ArrayBuffer>, ids: Int32Array<ArrayBuffer>] {
  const biggerKeys = new Int32Array(keys.length * 2);
  const biggerIds = new Int32Array(ids.length * 2).fill(-1);
  const mask = biggerIds.length - 1;
  for (let old = 0; old < ids.length; old++) {
    if (ids[old] === -1) continue;
    let slot = slotOf(keys[old]!, mask);
    while (biggerIds[slot] !== -1) slot = (slot + 1) & mask;
    biggerKeys[slot] = keys[old]!;
    biggerIds[slot] = ids[old]!;
  }
  return [biggerKeys, biggerIds];
}

/** Dense ids for non-negative integer keys: an open-addressing hash table in typed arrays (no per-key objects). */
export class IdTable {
  private keys = new Int32Array(1 << 12);
  private ids = new Int32Array(1 << 12).fill(-1);
  size = 0;
  /** Keys below `direct` are looked up in an array, not hashed (single Hangul syllables: half of all look-ups). */
  private small: Int32Array;

  constructor(direct: number) {
    this.small = new Int32Array(direct).fill(-1);
  }

  id(key: number): number {
    if (key < this.small.length) return this.small[key] !== -1 ? this.small[key]! : (this.small[key] = this.insert(key));
    const mask = this.keys.length - 1;
    let slot = slotOf(key, mask);
    while (this.ids[slot] !== -1) {
      if (this.keys[slot] === key) return this.ids[slot]!;
      slot = (slot + 1) & mask;
    }
    return this.insert(key);
  }

  private insert(key: number): number {
    if (this.size * 2 >= this.keys.length) [this.keys, this.ids] = doubled(this.keys, this.ids);
    const mask = this.keys.length - 1;
    let slot = slotOf(key, mask);
    while (this.ids[slot] !== -1) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.ids[slot] = this.size;
    return this.size++;
  }

  /** Calls `visit` with every key and its id. */
  forEach(visit: (key: number, id: number) => void): void {
    for (let slot = 0; slot < this.keys.length; slot++) if (this.ids[slot] !== -1) visit(this.keys[slot]!, this.ids[slot]!);
  }
}

/** Dense ids for the words of a text, found without cutting a string out of the text unless the word is new. */
export class WordTable {
  private hashes = new Int32Array(1 << 12);
  private ids = new Int32Array(1 << 12).fill(-1);
  readonly words: string[] = [];

  id(text: string, from: number, to: number): number {
    let hash = 0x811c9dc5;
    for (let at = from; at < to; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
    let mask = this.ids.length - 1;
    let slot = slotOf(hash, mask);
    for (; this.ids[slot] !== -1; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === hash && this.sameWord(this.words[this.ids[slot]!]!, text, from, to)) return this.ids[slot]!;
    }
    if (this.words.length * 2 >= this.ids.length) {
      [this.hashes, this.ids] = doubled(this.hashes, this.ids);
      mask = this.ids.length - 1;
      for (slot = slotOf(hash, mask); this.ids[slot] !== -1; slot = (slot + 1) & mask);
    }
    this.hashes[slot] = hash;
    this.ids[slot] = this.words.length;
    this.words.push(text.slice(from, to));
    return this.words.length - 1;
  }

  private sameWord(word: string, text: string, from: number, to: number): boolean {
    if (word.length !== to - from) return false;
    for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
    return true;
  }

}

/** Collects (key id, entry) pairs, keeping per key only the first entry of each document (its heaviest field). */
export class PostingsBuilder {
  private keys = new Int32Array(1 << 16);
  private entries = new Int32Array(1 << 16);
  private length = 0;
  private lastDoc = new Int32Array(1 << 12).fill(-1);

  add(key: number, doc: number, field: number): void {
    if (key >= this.lastDoc.length) this.lastDoc = grown(this.lastDoc, key + 1, -1);
    if (this.lastDoc[key] === doc) return;
    this.lastDoc[key] = doc;
    if (this.length === this.keys.length) {
      this.keys = grown(this.keys, this.length + 1);
      this.entries = grown(this.entries, this.length + 1);
    }
    this.keys[this.length] = key;
    this.entries[this.length++] = (doc << FIELD_BITS) | field;
  }

  /** The postings, keys renumbered by `rowOf` if given (a counting sort: entries keep document order). */
  build(rows: number, rowOf?: Int32Array): Postings {
    const keys = this.keys.subarray(0, this.length);
    if (rowOf) for (let i = 0; i < keys.length; i++) keys[i] = rowOf[keys[i]!]!;
    const start = new Int32Array(rows + 1);
    for (let i = 0; i < keys.length; i++) start[keys[i]! + 1]!++;
    for (let r = 0; r < rows; r++) start[r + 1]! += start[r]!;
    const next = start.slice(0, rows);
    const entries = new Int32Array(this.length);
    for (let i = 0; i < keys.length; i++) entries[next[keys[i]!]!++] = this.entries[i]!;
    return { start, entries };
  }
}

/* Hangul keys: numbers, so that building and searching allocate no strings. */
/** Hangul code units (syllables, jamo, compatibility jamo) as dense numbers 0..HANGUL_CODES-1. */
export const HANGUL_CODES = 11_184 + 256 + 96;
export function hangulCode(unit: number): number {
  if (unit >= 0xac00 && unit <= 0xd7af) return unit - 0xac00;
  if (unit >= 0x1100 && unit <= 0x11ff) return 11_184 + unit - 0x1100;
  return 11_184 + 256 + unit - 0x3130;
}
/** One syllable is its code; a pair comes after every single one. Both stay small integers. */
export const gramKey = (text: string, at: number, length: 1 | 2) =>
  length === 1 ? hangulCode(text.charCodeAt(at)) : HANGUL_CODES + hangulCode(text.charCodeAt(at)) * HANGUL_CODES + hangulCode(text.charCodeAt(at + 1));
