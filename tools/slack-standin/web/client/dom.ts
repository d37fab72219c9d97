/**
 * The one way the page makes elements. Text always goes in as text nodes and attributes are set one by
 * one, so nothing the bot or a person wrote is ever parsed as HTML.
 */

export type Child = Node | string | null | undefined | false | Child[];

export interface Props {
  class?: string;
  /** Attributes by name; undefined leaves one out. */
  attrs?: Record<string, string | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | string = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { class: className, attrs, on } = typeof props === "string" ? { class: props } : props;
  if (className) element.className = className;
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  for (const [event, handler] of Object.entries(on ?? {})) {
    element.addEventListener(event, handler as EventListener);
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** JSON pretty-printed, for the "View JSON" panes and for blocks the page cannot draw. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Disables a control while the bot handles what it did, so a second click cannot race the first. */
export async function withBusy(
  control: HTMLButtonElement | HTMLSelectElement,
  work: () => Promise<void>,
): Promise<void> {
  control.disabled = true;
  control.classList.add("busy");
  try {
    await work();
  } finally {
    control.disabled = false;
    control.classList.remove("busy");
  }
}
