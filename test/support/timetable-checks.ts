/**
 * What the browser tests check on a drawn timetable, measured in the page:
 * card boxes that must not overlap, and cards whose text must be readable
 * (not cut, not covered).
 */
import type { Locator, Page } from 'playwright-core';

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The boxes of every card shown (in the grid or the phone list), in one round trip. */
export function cardBoxes(page: Page, selector = '.grid .card'): Promise<Box[]> {
  return page.locator(selector).evaluateAll((cards) =>
    cards
      .map((card) => {
        const r = card.getBoundingClientRect();
        return { id: card.querySelector('a')?.getAttribute('href') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
      })
      .filter((b) => b.width > 0 && b.height > 0),
  );
}

/** Pairs of boxes that overlap by more than `tolerance` px both ways (a sweep along x). */
export function overlaps(boxes: Box[], tolerance = 0.5): [Box, Box][] {
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  const found: [Box, Box][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < a.x + a.width - tolerance; j++) {
      const b = sorted[j]!;
      const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const down = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (across > tolerance && down > tolerance) found.push([a, b]);
    }
  }
  return found;
}

/**
 * Why a card cannot be read, or undefined when it can: scrolled into view,
 * its title is not cut (nothing hidden by clamping or overflow), it is at
 * least `minWidth` px wide, and the point at the start of its title shows
 * the card itself (no sticky header or other card over it).
 */
export async function unreadable(card: Locator, minWidth: number): Promise<string | undefined> {
  await card.scrollIntoViewIfNeeded();
  return card.evaluate((element, least) => {
    const title = element.querySelector('.card-title')!;
    const box = element.getBoundingClientRect();
    const text = title.getBoundingClientRect();
    if (box.width < least) return `only ${Math.round(box.width)} px wide`;
    if (title.scrollHeight > title.clientHeight + 1 || title.scrollWidth > title.clientWidth + 1) return `its title is cut: ${title.textContent}`;
    if (text.bottom > box.bottom + 1) return 'its title runs out of the card';
    const seen = document.elementFromPoint(text.x + 4, text.y + Math.min(8, text.height / 2));
    if (!seen || !element.contains(seen)) return `covered by ${seen ? seen.className || seen.tagName : 'nothing'}`;
    return undefined;
  }, minWidth);
}
