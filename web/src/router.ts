/**
 * Page addresses live in the URL hash (`#/e/summit?day=2024-05-16&q=서버리스`)
 * because the API owns the paths (/events, /speakers, /me). Filters are part
 * of the hash, so a filtered view can be bookmarked and shared.
 */
export interface Route {
  /** Decoded path segments: `#/e/summit/s/abc` is ['e', 'summit', 's', 'abc']. */
  readonly path: string[];
  readonly query: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2) as [string?, string?];
  const segments = path.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  return { path: segments, query: new URLSearchParams(query) };
}

/** The hash for a page; empty query values are left out, a list repeats its name (`track=A&track=B`). */
export function href(path: string[], query: Record<string, string | readonly string[] | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const one of typeof value === 'string' ? [value] : (value ?? [])) if (one) search.append(name, one);
  const qs = search.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

/** Changes the address without a new history entry or a page re-render (typing in search, picking a filter). */
export const replaceHash = (hash: string) => history.replaceState(history.state, '', hash);

export const signInHref = () => href(['sign-in'], { next: location.hash || '#/' });
