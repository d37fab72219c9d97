/**
 * The kept bodies are bounded: only the pages looked at most recently keep theirs, so the rendered
 * cache cannot multiply the executions cache's memory. A page past the bound is drawn again, the same.
 */
import { describe, expect, it } from "vitest";
import { RenderedPages } from "../../../src/cache/rendered-pages.js";
import type { ExecutionsPage } from "../../../src/executions/types.js";
import { executionSummary } from "../../helpers/executions.js";

function page(offset: number): ExecutionsPage {
  return {
    query: { retriever: "my-retriever", namespace: "prod", status: "all", offset, limit: 5 },
    executions: Array.from({ length: 5 }, (_, i) =>
      executionSummary({
        execution_id: `exec_${offset + i}`,
        status: i % 2 === 0 ? "completed" : "failed",
        query_summary: `query ${offset + i}`,
      }),
    ),
    hasNext: true,
    total: 100,
    fetchedAt: new Date("2024-05-01T14:00:00Z"),
  };
}

const COMPACT = { layout: "compact" } as const;

describe("RenderedPages", () => {
  it("keeps the bodies of the most recently looked-at pages only, and draws an evicted page again the same", () => {
    const rendered = new RenderedPages({ maxPages: 2 });
    const [a, b, c] = [page(0), page(5), page(10)];
    const first = rendered.body(a, COMPACT);
    rendered.body(b, COMPACT);
    // a is looked at again, so b is now the oldest and goes when c comes.
    expect(rendered.body(a, COMPACT)).toBe(first);
    rendered.body(c, COMPACT);
    expect(rendered.stats()).toEqual({ rendered: 3, reused: 1, pages: 2 });

    expect(rendered.body(a, COMPACT)).toBe(first);
    const again = rendered.body(b, COMPACT);
    expect(rendered.stats()).toMatchObject({ rendered: 4, reused: 2, pages: 2 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(new RenderedPages().body(b, COMPACT)));
    // The kept JSON of a body's blocks is there while the body is kept.
    expect(rendered.blockJson(again.header)).toBe(JSON.stringify(again.header));
  });

  it("keeps 200 pages by default", () => {
    const rendered = new RenderedPages();
    for (let i = 0; i < 250; i++) rendered.body(page(i * 5), COMPACT);
    expect(rendered.stats()).toMatchObject({ rendered: 250, pages: 200 });
  });
});
