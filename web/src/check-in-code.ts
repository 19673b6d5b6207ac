/**
 * An attendee's check-in code as a QR code the door's phone scans (docs/api.md,
 * "The door"), loaded as a chunk of its own by the agenda when it has a
 * confirmed seat to show: the encoder (uqr, no dependencies) costs the other
 * views nothing. The SVG is built with DOM calls, one path of its dark
 * modules, so nothing is ever parsed as markup. Error correction M: a phone
 * screen held up to a camera, with a little glare or a crack, still reads.
 */
import { encode } from 'uqr';
import { qrPath } from './qr-path';

const SVG = 'http://www.w3.org/2000/svg';

export function qrCode(text: string, label: string): SVGSVGElement {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  const svg = document.createElementNS(SVG, 'svg');
  const set = (element: Element, attributes: Record<string, string>) => Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, value));
  set(svg, { viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges' });
  const background = document.createElementNS(SVG, 'rect');
  set(background, { width: String(size), height: String(size), fill: '#fff' });
  const modules = document.createElementNS(SVG, 'path');
  set(modules, { d: qrPath(data), fill: '#000' });
  svg.append(background, modules);
  return svg;
}
