/**
 * A scrolling list of messages that redraws only what changed: a message keeps its element (and so its
 * open menus and typed text) until its content changes, and the list stays at the bottom when it was there.
 */

export interface ListItem {
  key: string;
  /** Changes whenever the item must be drawn again. */
  signature: string;
  render: () => HTMLElement;
}

export class MessageList {
  private readonly drawn = new Map<string, { signature: string; element: HTMLElement }>();

  constructor(readonly root: HTMLElement) {}

  update(items: readonly ListItem[], options: { scrollToEnd?: boolean } = {}): void {
    const { root } = this;
    const atBottom = root.scrollHeight - root.scrollTop - root.clientHeight < 48;
    const countBefore = this.drawn.size;
    const keep = new Set<string>();
    let previous: Element | null = null;
    for (const item of items) {
      keep.add(item.key);
      let entry = this.drawn.get(item.key);
      if (!entry || entry.signature !== item.signature) {
        const element = item.render();
        entry?.element.replaceWith(element);
        entry = { signature: item.signature, element };
        this.drawn.set(item.key, entry);
      }
      const expected: ChildNode | null = previous ? previous.nextSibling : root.firstChild;
      if (expected !== entry.element) root.insertBefore(entry.element, expected);
      previous = entry.element;
    }
    for (const [key, entry] of this.drawn) {
      if (keep.has(key)) continue;
      entry.element.remove();
      this.drawn.delete(key);
    }
    if (options.scrollToEnd || atBottom || countBefore === 0) root.scrollTop = root.scrollHeight;
  }

  clear(): void {
    this.drawn.clear();
    this.root.replaceChildren();
  }
}
