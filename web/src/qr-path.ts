/** A QR matrix as SVG path data (no DOM, no page state: the end-to-end test draws the expected one in Node too). */

/** The path of a QR matrix's dark modules, one unit square each: what the test compares too. */
export function qrPath(data: readonly (readonly boolean[])[]): string {
  let path = '';
  data.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) path += `M${x} ${y}h1v1h-1z`;
  }));
  return path;
}
