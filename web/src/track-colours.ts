/**
 * A look per track, stable across days: a colour and a pattern for the
 * card's edge, from the event's own track order. Twelve hues times four
 * patterns make 48 looks, so 40 tracks never share one. The first six hues
 * are the most distinct; each of the other six is near one of them (red and
 * crimson), so it always comes with another pattern.
 * Every hue is mid-tone: at least 3:1 against both the light and the dark
 * page (WCAG 1.4.11), checked with the card text on its tint by
 * test/unit/track-colours.test.ts. Colour is never the only cue: every card
 * and the legend also name the track.
 */
import { h } from './dom';

/** Hues 250, 25, 145, 300, 60, 195, 340, 100, 275, 5, 165, 225 at OKLCH lightness about 0.58. */
export const TRACK_PALETTE = ['#1f7dcf', '#cb4644', '#1d9330', '#8b5dce', '#b16512', '#009a9b', '#b84999', '#8a7b1d', '#606cdd', '#c7436d', '#258e6a', '#0087ab'];
/** Solid, stripes, dots, bars: drawn by timetable.css on the card's edge ([data-pattern]). */
export const TRACK_PATTERNS = 4;
const NO_TRACK = { colour: '#6b7480', pattern: 0 };

export interface TrackLook {
  colour: string;
  pattern: number;
}

function lookAt(index: number): TrackLook {
  const hue = index % TRACK_PALETTE.length;
  const nearAnother = hue >= TRACK_PALETTE.length / 2 ? 2 : 0;
  return { colour: TRACK_PALETTE[hue]!, pattern: (Math.floor(index / TRACK_PALETTE.length) + nearAnother) % TRACK_PATTERNS };
}

export function trackLooks(eventTracks: readonly string[]): (track: string | undefined) => TrackLook {
  return (track) => {
    if (!track) return NO_TRACK;
    const index = eventTracks.indexOf(track);
    if (index >= 0) return lookAt(index);
    // A track the event does not list: a look from its name, the same on every page.
    let hash = 0;
    for (const char of track) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
    return lookAt(hash % (TRACK_PALETTE.length * TRACK_PATTERNS));
  };
}

/** The attributes that give an element a track's look (cards, agenda items, swatches). */
export const lookAttrs = ({ colour, pattern }: TrackLook) => ({ style: `--track: ${colour}`, 'data-pattern': pattern });

/** A small sample of the look, beside a track's name. */
export const swatch = (look: TrackLook) => h('span', { class: 'swatch', 'aria-hidden': 'true', ...lookAttrs(look) });

/**
 * The key to the tracks on screen, in the event's order. It folds: folded
 * it is one line (how many tracks), so that on a phone or with 30 tracks
 * the sessions stay on the first screen. Until the reader opens or closes
 * it (`opened`, which `onToggle` reports), it is open only on a wide screen
 * with few tracks.
 */
export function trackLegend(tracks: readonly string[], lookOf: (track: string) => TrackLook, label: string, opened: boolean | undefined, onToggle: (open: boolean) => void): HTMLElement | null {
  if (tracks.length === 0) return null;
  const summary = h('summary', null, label);
  const legend = h(
    'details',
    { class: 'legend fold', open: opened ?? (matchMedia('(min-width: 48rem)').matches && tracks.length <= 8) },
    summary,
    h('ul', null, tracks.map((track) => h('li', null, swatch(lookOf(track)), track))),
  );
  // The reader's own click (or Enter on it), before the details opens or closes: not its first state.
  summary.addEventListener('click', () => onToggle(!legend.open));
  return legend;
}
