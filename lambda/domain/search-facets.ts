/**
 * Facets of a search: how many of the matching sessions are in each track,
 * level, type and day (all matches, not only a page). Each snapshot codes
 * its sessions' values once (a small integer per session and facet), so
 * counting is one pass over the matches adding into typed arrays; values
 * become strings only once per distinct value. Counts of several events
 * (a search of every event) add up by value. docs/search.md.
 */
export const FACETS = ['track', 'level', 'type', 'day'] as const;
export type Facet = (typeof FACETS)[number];

/** Each facet's distinct values, and per document the value's number + 1 (0: none). */
export interface FacetTable {
  values: Record<Facet, string[]>;
  codes: Record<Facet, Uint16Array>;
}

export function facetTable(documents: readonly Partial<Record<Facet, string>>[]): FacetTable {
  const values = {} as FacetTable['values'];
  const codes = {} as FacetTable['codes'];
  for (const facet of FACETS) {
    const numbers = new Map<string, number>();
    const column = new Uint16Array(documents.length);
    documents.forEach((document, doc) => {
      const value = document[facet];
      if (value === undefined) return;
      let number = numbers.get(value);
      if (number === undefined) numbers.set(value, (number = numbers.size));
      column[doc] = number + 1;
    });
    values[facet] = [...numbers.keys()];
    codes[facet] = column;
  }
  return { values, codes };
}

export interface FacetCount {
  value: string;
  count: number;
}

export type FacetCounts = Record<Facet, FacetCount[]>;

/** Counts added up over one or more tables (events). */
export function facetCounter() {
  const totals = Object.fromEntries(FACETS.map((facet) => [facet, new Map<string, number>()])) as Record<Facet, Map<string, number>>;
  return {
    /** Adds the facet's values of `docs` (documents of `table`). */
    add(table: FacetTable, facet: Facet, docs: Int32Array): void {
      const column = table.codes[facet];
      const counts = new Int32Array(table.values[facet].length + 1);
      for (const doc of docs) counts[column[doc]!]!++;
      const total = totals[facet];
      table.values[facet].forEach((value, number) => {
        if (counts[number + 1]! > 0) total.set(value, (total.get(value) ?? 0) + counts[number + 1]!);
      });
    },
    /** Days in date order; the rest most first, then by value. */
    counts(): FacetCounts {
      const out = {} as FacetCounts;
      for (const facet of FACETS) {
        const rows = [...totals[facet]].map(([value, count]) => ({ value, count }));
        out[facet] = rows.sort(facet === 'day' ? (a, b) => (a.value < b.value ? -1 : 1) : (a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      }
      return out;
    },
  };
}
