/**
 * Putting a search's hits in order, and only the page asked for: a count
 * per score finds the lowest score the page reaches, and only the hits
 * above it are picked and sorted (docs/search.md). The matching is in
 * ./search.ts.
 */
import type { SearchHit, SearchIndex } from './search';

/** A new stamp for `scratch.stamp` (and `alive`): marks from earlier rounds no longer count. */
export function nextGeneration(scratch: SearchIndex['scratch']): number {
  if (scratch.generation === 2 ** 31 - 1) {
    scratch.stamp.fill(0);
    scratch.alive.fill(0);
    scratch.generation = 0;
  }
  return ++scratch.generation;
}

/**
 * The candidates from rank `from` to `to` (best score first, then index
 * order), without ordering the rest: a count per score finds the lowest
 * score the page reaches; the candidates above it and the earliest of that
 * score are picked in index order, then put in order by a counting sort.
 */
export function rankedPage(index: SearchIndex, candidates: Int32Array, from: number, to: number): SearchHit[] {
  if (from >= to) return [];
  const { score } = index.scratch;
  let best = 0;
  for (const doc of candidates) if (score[doc]! > best) best = score[doc]!;
  const perScore = new Int32Array(best + 1);
  for (const doc of candidates) perScore[score[doc]!]!++;
  // Everything scoring above `lowest` is on the page or before it, and `ties` of those scoring `lowest`.
  let lowest = best;
  let above = 0;
  while (above + perScore[lowest]! < to) above += perScore[lowest--]!;
  let ties = to - above;

  const picked = new Int32Array(to);
  let length = 0;
  for (const doc of inIndexOrder(index, candidates, lowest, above + perScore[lowest]!)) {
    if (score[doc]! > lowest) picked[length++] = doc;
    else if (ties > 0) {
      picked[length++] = doc;
      ties--;
    }
  }
  // A counting sort by score, best first; stable, so ties stay in index order.
  const next = new Int32Array(best + 2);
  for (let i = 0; i < length; i++) next[best - score[picked[i]!]! + 1]!++;
  for (let s = 1; s < next.length; s++) next[s]! += next[s - 1]!;
  const ranked = new Int32Array(length);
  for (let i = 0; i < length; i++) ranked[next[best - score[picked[i]!]!]!++] = picked[i]!;
  const hits = new Array<SearchHit>(to - from);
  for (let rank = from; rank < to; rank++) {
    const doc = ranked[rank]!;
    hits[rank - from] = { doc, id: index.ids[doc]!, score: score[doc]! };
  }
  return hits;
}

/**
 * The candidates scoring at least `lowest` (there are `count`), in index
 * order: sorted when they are few, else found by one pass over the index's
 * documents, which for many candidates is cheaper than sorting them.
 */
function inIndexOrder(index: SearchIndex, candidates: Int32Array, lowest: number, count: number): Int32Array {
  const { score, stamp } = index.scratch;
  const chosen = new Int32Array(count);
  if (count * 16 < index.ids.length) {
    let length = 0;
    for (const doc of candidates) if (score[doc]! >= lowest) chosen[length++] = doc;
    return chosen.sort();
  }
  const generation = nextGeneration(index.scratch);
  for (const doc of candidates) if (score[doc]! >= lowest) stamp[doc] = generation;
  for (let doc = 0, length = 0; length < count; doc++) if (stamp[doc] === generation) chosen[length++] = doc;
  return chosen;
}

/** The hits of one index (an event's) in a merged ranking. */
export interface RankedPart {
  index: SearchIndex;
  docs: Int32Array;
}

/**
 * Ranks `from` to `to` of several indexes' hits together: best score first,
 * then the parts in their order (events newest first), then each index's
 * order. As for one index, a count per score finds the lowest score the
 * page reaches; each part gives its hits above it and its share of that
 * score's (the earlier parts' first), so only `to` hits become objects.
 */
export function mergedPage(parts: readonly RankedPart[], from: number, to: number): { part: number; hit: SearchHit }[] {
  const total = parts.reduce((sum, p) => sum + p.docs.length, 0);
  to = Math.min(to, total);
  if (from >= to) return [];
  let best = 0;
  for (const { index, docs } of parts) for (const doc of docs) if (index.scratch.score[doc]! > best) best = index.scratch.score[doc]!;
  const perScore = parts.map(({ index, docs }) => {
    const counts = new Int32Array(best + 1);
    for (const doc of docs) counts[index.scratch.score[doc]!]!++;
    return counts;
  });
  const all = new Int32Array(best + 1);
  for (const counts of perScore) for (let s = 0; s <= best; s++) all[s]! += counts[s]!;
  let lowest = best;
  let above = 0;
  while (above + all[lowest]! < to) above += all[lowest--]!;
  let ties = to - above;

  const hits: { part: number; hit: SearchHit }[] = [];
  parts.forEach(({ index, docs }, part) => {
    let take = 0;
    for (let s = lowest + 1; s <= best; s++) take += perScore[part]![s]!;
    const share = Math.min(ties, perScore[part]![lowest]!);
    ties -= share;
    for (const hit of rankedPage(index, docs, 0, take + share)) hits.push({ part, hit });
  });
  // Stable: equal scores keep the parts' order, and each part's own.
  hits.sort((a, b) => b.hit.score - a.hit.score);
  return hits.slice(from, to);
}
