/** `/executions product-search` typed in the page: the list, paging, the status filter and View JSON. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  browserSuite,
  latestMessageWithHeader,
  launchBrowser,
  type OpenedPage,
  openDemoPage,
  screenshot,
  startTestDemo,
  type TestDemo,
  typeInComposer,
} from "./support.js";

const HEADER = "Executions of product-search";

browserSuite("the executions list in the browser", () => {
  let running: TestDemo;
  let browser: Browser;
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    running = await startTestDemo();
    browser = await launchBrowser();
    opened = await openDemoPage(browser, running.demo.url);
    page = opened.page;
  });

  afterAll(async () => {
    await browser?.close();
    await running?.demo.close();
  });

  const list = () => latestMessageWithHeader(page, HEADER);
  const contextLine = () => list().locator(".blk-context").first();

  it("shows the command's usage hint while typing /", async () => {
    await page.locator(".composer-input").fill("/exe");
    const hint = page.locator(".composer-hints .hint").first();
    await expect(hint.locator(".hint-command").textContent()).resolves.toBe("/executions");
    expect(await hint.locator(".hint-usage").textContent()).toContain("<retriever>");
    await page.locator(".composer-input").fill("");
  });

  it("lists the newest runs, visible only to the person who asked", async () => {
    await typeInComposer(page, "/executions product-search");
    await list().waitFor();
    expect(await list().locator(".ephemeral-note").textContent()).toContain("Only visible to you");
    await expect(contextLine().textContent()).resolves.toContain("Showing 1–10");
    // Ten runs, one table row each under a header row, and the paging controls underneath.
    expect(await list().locator(".blk-table tr").count()).toBe(11);
    expect(await list().locator(".blk-table th").first().textContent()).toBe("#");
    expect(await list().locator(".blk-section").count()).toBe(0);
    expect(await list().locator('[data-action-id="executions_page_next"]').count()).toBe(1);
    // Dates are drawn in the viewer's zone, never left as Slack's raw <!date^…> token.
    expect(await list().textContent()).not.toContain("<!date");
    await screenshot(page, "docs/screenshot-list.png", list());
  });

  it("pages with Next and Previous, replacing the list in place", async () => {
    const ts = await list().getAttribute("data-ts");
    await list().locator('[data-action-id="executions_page_next"]').click();
    await page.waitForFunction(() =>
      document.querySelector(".msg:last-of-type .blk-context")?.textContent?.includes("Showing 11–20"),
    );
    expect(await list().getAttribute("data-ts")).toBe(ts);
    await list().locator('[data-action-id="executions_page_previous"]').click();
    await page.waitForFunction(() =>
      document.querySelector(".msg:last-of-type .blk-context")?.textContent?.includes("Showing 1–10"),
    );
    expect(await page.locator(".channel .msg").filter({ hasText: HEADER }).count()).toBe(1);
  });

  it("filters by status", async () => {
    await list().locator('select[data-action-id="executions_status_filter"]').selectOption("failed");
    await page.waitForFunction(() =>
      document.querySelector(".msg:last-of-type .blk-context")?.textContent?.includes("Only failed"),
    );
    const statuses = list().locator(".blk-table tr td:nth-child(2)");
    const count = await statuses.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) expect(await statuses.nth(i).textContent()).toContain("failed");
    // Failed rows say why, in a column of their own.
    expect(await list().locator(".blk-table th").last().textContent()).toBe("Why it failed");
    expect(await list().locator(".blk-table tr td:last-child").first().textContent()).not.toBe("—");
    expect(await list().locator('select[data-action-id="executions_status_filter"]').inputValue()).toBe(
      "failed",
    );
  });

  it("shows a message's Block Kit JSON with a Copy button", async () => {
    await list().hover();
    await list().locator(".json-toggle").click();
    const json = list().locator(".json-code");
    const blocks = JSON.parse((await json.textContent()) ?? "{}") as { blocks: Array<{ type: string }> };
    expect(blocks.blocks[0]?.type).toBe("header");
    expect(await list().locator(".json-copy").isVisible()).toBe(true);
    await list().locator(".json-toggle").click();
    expect(await list().locator(".json-code").count()).toBe(0);
  });

  it("switches to the detailed layout and back, keeping the filter", async () => {
    await list().locator('[data-action-id="executions_page_layout"]').click();
    await page.waitForFunction(() => document.querySelectorAll(".msg:last-of-type .blk-section").length > 0);
    expect(await list().locator(".blk-table").count()).toBe(0);
    expect(await list().locator('[data-action-id="execution_details"]').count()).toBeGreaterThan(0);
    expect(await list().locator(".blk-context").first().textContent()).toContain("Only failed");
    await list().locator('[data-action-id="executions_page_layout"]').click();
    await list().locator(".blk-table").waitFor();
  });

  it("opens an execution's Details in a modal from the list's select, and closes it", async () => {
    const select = list().locator('select[data-action-id="execution_details_select"]');
    const executionId = (await select.locator("option").nth(1).getAttribute("value")) ?? "";
    expect(executionId).toMatch(/^exec_/);
    await select.selectOption(executionId);
    const modal = page.locator(".overlay .modal");
    await modal.waitFor();
    expect(await modal.locator(".modal-head h2").textContent()).toBe("Execution details");
    expect(await modal.locator(".modal-body").textContent()).toContain(executionId);
    await modal.locator(".modal-x").click();
    await modal.waitFor({ state: "detached" });
  });

  it("says so when a command is not installed, without asking the bot", async () => {
    await typeInComposer(page, "/nope now");
    const notice = page.locator(".channel .msg").filter({ hasText: "is not a valid command" }).last();
    await notice.waitFor();
    expect(await notice.locator(".msg-author").textContent()).toBe("Slackbot");
  });

  it("raised no errors on the page", () => {
    expect(opened.errors).toEqual([]);
  });
});
