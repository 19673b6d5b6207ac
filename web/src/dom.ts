/**
 * A tiny element builder. Text always goes in as text nodes (never
 * innerHTML), so catalogue data cannot inject markup.
 */
export type Child = Node | string | number | false | null | undefined | Child[];
type AttrValue = string | number | boolean | null | undefined | ((event: never) => void);
export type Attrs = Record<string, AttrValue>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value as EventListener);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child !== false && child !== null && child !== undefined) parent.appendChild(document.createTextNode(String(child)));
  }
}

/** replaceChildren that takes the same children as h(): nulls and falses are left out. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let fieldCount = 0;

/**
 * A labelled form control: <label for> names the control with its text alone
 * (a wrapping label would add the control's own value to its name).
 */
export function field(label: string, control: HTMLElement, ...extra: Child[]): HTMLDivElement {
  control.id ||= `field-${++fieldCount}`;
  const labelElement = h('label', { for: control.id }, label);
  return h('div', { class: 'field' }, labelElement, control, ...extra);
}

/** A page's main heading; focusable so navigation can move focus (and screen readers) to it. */
export const heading = (text: string) => h('h1', { tabindex: -1 }, text);

/** Visually hidden text for screen readers (the room name on a grid card, say). */
export const hidden = (text: string) => h('span', { class: 'visually-hidden' }, text);

/**
 * Re-renders `container` while keeping keyboard focus: the element with the
 * same data-focus-key gets it back (live poll refreshes replace buttons).
 */
export function replaceKeepingFocus(container: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.focusKey : undefined;
  replace(container, ...children);
  if (key) container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}
