/**
 * The rendered part of a cached page that is the same for everyone who looks at it (header, runs,
 * controls: views/executions/executions-list.ts `renderPageBody`), drawn once and reused while the page
 * is cached. Bodies are keyed by the page object itself: the executions cache hands out the same object
 * until the page expires, is refreshed or forgotten, and a page fetched again is a new object, so changed
 * data can never meet blocks drawn from the old data.
 *
 * Only the pages looked at most recently keep their bodies (`maxPages`, 200 by default). A drawn body
 * with its JSON weighs about 26 KB against the ~4 KB of the page's data, so keeping one for every page
 * the executions cache holds (up to CACHE_MAX_KEYS, 5,000 by default) would multiply its memory by eight;
 * a page past the bound is drawn again (~0.4 ms) when someone looks at it, and kept again.
 *
 * Within a page, a body is kept per variant (layout, retriever label, Studio links, failure reasons, see
 * `pageBodyVariant`): a reason that arrives later, or the other layout, draws a body of its own. Bodies
 * are frozen, so whoever builds a message around one (the reader's context line, Share) cannot change
 * what the next reader gets; and each block's JSON is kept with it (`blockJson`), so an answer is
 * serialized from the pieces instead of afresh (listeners/response-url.ts).
 */
import type { ExecutionsPage } from "../executions/types.js";
import {
  type PageBody,
  type PageBodyOptions,
  pageBodyVariant,
  renderPageBody,
} from "../views/executions/executions-list.js";

/** Layouts × labels × reason sets seen for one page; far more than a page ever has. */
const MAX_VARIANTS_PER_PAGE = 8;
/** Pages whose bodies are kept, the most recently looked at. */
export const DEFAULT_MAX_RENDERED_PAGES = 200;

export interface RenderedPagesStats {
  /** Bodies drawn, and bodies served already drawn. */
  rendered: number;
  reused: number;
}

export class RenderedPages {
  /** In the order pages were last looked at, oldest first. */
  private readonly bodies = new Map<ExecutionsPage, Map<string, PageBody>>();
  private readonly json = new WeakMap<object, string>();
  private readonly counts: RenderedPagesStats = { rendered: 0, reused: 0 };
  private readonly maxPages: number;

  constructor(options: { maxPages?: number } = {}) {
    this.maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_RENDERED_PAGES);
  }

  body(page: ExecutionsPage, options: PageBodyOptions): PageBody {
    const variant = pageBodyVariant(options);
    let variants = this.bodies.get(page);
    if (variants) {
      // Looked at again: now the most recent.
      this.bodies.delete(page);
      this.bodies.set(page, variants);
    }
    const kept = variants?.get(variant);
    if (kept) {
      this.counts.reused++;
      return kept;
    }
    if (!variants) {
      variants = new Map();
      this.bodies.set(page, variants);
      if (this.bodies.size > this.maxPages) {
        const oldest = this.bodies.keys().next().value;
        if (oldest !== undefined) this.bodies.delete(oldest);
      }
    }
    if (variants.size >= MAX_VARIANTS_PER_PAGE) {
      const oldest = variants.keys().next().value;
      if (oldest !== undefined) variants.delete(oldest);
    }
    const body = deepFreeze(renderPageBody(page, options));
    for (const block of [body.header, ...body.runs, body.controls])
      this.json.set(block, JSON.stringify(block));
    variants.set(variant, body);
    this.counts.rendered++;
    return body;
  }

  /** The JSON of a block of a kept body; undefined for any other object. */
  blockJson(block: object): string | undefined {
    return this.json.get(block);
  }

  /** Counts so far, and how many pages keep bodies now. */
  stats(): RenderedPagesStats & { pages: number } {
    return { ...this.counts, pages: this.bodies.size };
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
