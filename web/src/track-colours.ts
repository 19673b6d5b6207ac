/**
 * One colour per track, stable across days: the event's own track order
 * picks from a palette of distinct hues (dark enough to read as a border on
 * white); tracks the event does not list get a colour from their name.
 * Colour is never the only cue: every card also names its track.
 */
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#e377c2', '#8c564b', '#ff7f0e', '#17becf', '#7f7f7f', '#bcbd22', '#393b79', '#637939'];
const NO_TRACK_COLOUR = '#5f6b7a';

export function trackColours(eventTracks: readonly string[]): (track: string | undefined) => string {
  return (track) => {
    if (!track) return NO_TRACK_COLOUR;
    const index = eventTracks.indexOf(track);
    if (index >= 0) return palette[index % palette.length]!;
    let hash = 0;
    for (const char of track) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
    return palette[hash % palette.length]!;
  };
}
