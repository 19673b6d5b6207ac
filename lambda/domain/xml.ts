/**
 * Just enough XML to write documents such as the frab schedule: a tree of
 * elements, rendered with every text and attribute value escaped. Element
 * and attribute names are the caller's constants, never data.
 */

/** Characters XML 1.0 cannot carry, not even as a character reference: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF. */
const UNREPRESENTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;

const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
// A parser turns a raw tab or newline in an attribute into a space: as references they stay what they were.
const attributeEscapes: Record<string, string> = { ...textEscapes, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** Element content: markup characters escaped; a CR as a reference, since parsers fold a raw CR LF into LF. */
export const escapeText = (value: string) => value.replace(UNREPRESENTABLE, '\ufffd').replace(/[&<>\r]/g, (c) => textEscapes[c]!);

/** A double-quoted attribute value. */
export const escapeAttribute = (value: string) => value.replace(UNREPRESENTABLE, '\ufffd').replace(/[&<>"\t\n\r]/g, (c) => attributeEscapes[c]!);

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string | number | undefined>>;
  /** Either elements or text, never both (none of our documents has mixed content). */
  readonly children: readonly (XmlElement | string)[];
}

/** An element; `undefined` attributes and children are left out, so optional parts read as `x && xml(…)`. */
export function xml(
  name: string,
  attributes: Record<string, string | number | undefined> = {},
  children: readonly (XmlElement | string | undefined | false)[] = [],
): XmlElement {
  return { name, attributes, children: children.filter((child): child is XmlElement | string => child !== undefined && child !== false) };
}

function render(element: XmlElement, indent: string, out: string[]): void {
  const attributes = Object.entries(element.attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}`;
  const text = element.children.filter((child) => typeof child === 'string');
  if (text.length > 0 && text.length < element.children.length) throw new Error(`<${element.name}> mixes text and elements`);
  if (text.join('') === '' && text.length === element.children.length) {
    out.push(`${open}/>`);
  } else if (text.length > 0) {
    out.push(`${open}>${escapeText(text.join(''))}</${element.name}>`);
  } else {
    out.push(`${open}>`);
    for (const child of element.children as XmlElement[]) render(child, `${indent}  `, out);
    out.push(`${indent}</${element.name}>`);
  }
}

/** A whole document in UTF-8, one element per line, indented by two spaces. */
export function renderXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, '', out);
  return `${out.join('\n')}\n`;
}
