/**
 * The page's colours, read from web/base.css itself, in both themes:
 * text and controls at WCAG AA (4.5:1), every track colour at 3:1 against
 * the page as a graphic (1.4.11), the card text on every track's tint, and
 * 48 track looks (colour and pattern) for 40+ tracks, none shared.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TRACK_PALETTE, TRACK_PATTERNS, trackLooks } from '../../web/src/track-colours';

const css = readFileSync(new URL('../../web/base.css', import.meta.url), 'utf8');

function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  assert.ok(start >= 0, `base.css has ${selector}`);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}
const light = variables(':root');
const themes = { light, dark: { ...light, ...variables(':root[data-theme="dark"]') } };

function rgb(hex: string): [number, number, number] {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  return [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
}
const toHex = (c: number[]) => `#${c.map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`;
const luminance = (hex: string) => {
  const [r, g, b] = rgb(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
/** color-mix(in srgb, colour p%, base): the card's tint. */
const mix = (colour: string, percent: number, base: string) => toHex(rgb(colour).map((c, i) => (c * percent + rgb(base)[i]! * (100 - percent)) / 100));

for (const [name, v] of Object.entries(themes)) {
  test(`${name} theme: text, links, buttons and messages reach 4.5:1`, () => {
    const pairs: [string, string][] = [
      ['text', 'bg'], ['muted', 'bg'], ['accent', 'bg'], ['text', 'surface'], ['muted', 'surface'], ['accent-text', 'accent'],
      ['ok', 'bg'], ['ok', 'ok-bg'], ['error', 'bg'], ['error', 'error-bg'], ['wait', 'wait-bg'], ['text', 'selected'], ['text', 'mine'], ['stars', 'bg'],
    ];
    for (const [fore, back] of pairs) {
      const ratio = contrast(v[fore]!, v[back]!);
      assert.ok(ratio >= 4.5, `--${fore} on --${back}: ${ratio.toFixed(2)}:1`);
    }
  });

  test(`${name} theme: every track colour stands out from the page (3:1), and card text reads on every track's tint (4.5:1)`, () => {
    const tint = parseFloat(v['card-tint']!);
    for (const colour of TRACK_PALETTE) {
      assert.ok(contrast(colour, v.bg!) >= 3, `${colour} on ${v.bg}: ${contrast(colour, v.bg!).toFixed(2)}:1`);
      const card = mix(colour, tint, v.bg!);
      for (const text of ['text', 'muted']) assert.ok(contrast(v[text]!, card) >= 4.5, `--${text} on ${colour}'s card ${card}: ${contrast(v[text]!, card).toFixed(2)}:1`);
    }
  });
}

test('40 tracks get 40 different looks; the near-alike hues never share a pattern', () => {
  const tracks = Array.from({ length: 48 }, (_, i) => `track ${i}`);
  const lookOf = trackLooks(tracks);
  const looks = tracks.map((track) => JSON.stringify(lookOf(track)));
  assert.equal(new Set(looks).size, TRACK_PALETTE.length * TRACK_PATTERNS);
  // The second six hues are near the first six (crimson and red): the same index modulo 6 never gets the same pattern in one round of twelve.
  for (let i = 0; i < 6; i++) assert.notEqual(lookOf(tracks[i]!).pattern, lookOf(tracks[i + 6]!).pattern);
  assert.deepEqual(lookOf('not an event track'), lookOf('not an event track'), 'a track the event does not list gets a stable look');
});
