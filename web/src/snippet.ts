/**
 * A search hit's snippet on the page: the API sends the text HTML-escaped
 * and the matches as offsets into it (docs/search.md), so the page cuts the
 * escaped text at the offsets, decodes each piece and adds it as a DOM text
 * node, the matches inside <mark>. No markup from the answer is parsed.
 */
import { h } from './dom';
import type { Snippet } from './types';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (escaped: string) => escaped.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);

/** The snippet's text as nodes: plain text between the matches, each match a <mark>. */
export function markedText(snippet: Snippet): (Text | HTMLElement)[] {
  const nodes: (Text | HTMLElement)[] = [];
  let at = 0;
  for (const { start, end } of snippet.matches) {
    if (start < at || end > snippet.text.length) continue;
    if (start > at) nodes.push(document.createTextNode(decode(snippet.text.slice(at, start))));
    nodes.push(h('mark', null, decode(snippet.text.slice(start, end))));
    at = end;
  }
  if (at < snippet.text.length) nodes.push(document.createTextNode(decode(snippet.text.slice(at))));
  return nodes;
}
