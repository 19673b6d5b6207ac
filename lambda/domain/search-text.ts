/**
 * Text normalisation for search: NFKC folds full-width Latin and composes
 * Hangul written as separate jamo; lower case makes English match any case.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The words of a query, each to be found in the session's search text. */
export function queryWords(q: string): string[] {
  return [...new Set(normalizeForSearch(q).split(' ').filter(Boolean))];
}

/** What `q` searches in a session: title, abstract, tags, speaker names and companies. */
export function sessionSearchText(
  session: { title: string; abstract?: string; tags: readonly string[] },
  speakers: readonly { name: string; company?: string }[],
): string {
  const parts = [session.title, session.abstract ?? '', ...session.tags];
  for (const speaker of speakers) parts.push(speaker.name, speaker.company ?? '');
  return normalizeForSearch(parts.join(' \n '));
}
