/** `/executions product-search` typed in the page: the list, paging, the status filter and View JSON. */
import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, demoInBrowser, newMessage, screenshot, typeInComposer } from "./support.js";

const HEADER = "Executions of product-search";

/** Types the command and returns the list it brings (a new one, whatever earlier tests left). */
function showList(page: Page, command = "/executions product-search"): Promise<Locator> {
  return newMessage(page, () => typeInComposer(page, command), HEADER, { inHeader: true });
}

const contextOf = (list: Locator) => list.locator(".blk-context").first();

/** A new list, filtered to failed runs with the status menu. */
async function showFailed(page: Page): Promise<Locator> {
  const list = await showList(page);
  await list.locator('select[data-action-id="executions_status_filter"]').selectOption("failed");
  await expect.poll(() => contextOf(list).textContent()).toContain("Only failed");
  return list;
}

browserSuite("the executions list in the browser", () => {
  const ui = demoInBrowser();

  it("shows the command's usage hint while typing /", async () => {
    const { page } = ui;
    await page.locator(".composer-input").fill("/exe");
    const hint = page.locator(".composer-hints .hint").first();
    await expect(hint.locator(".hint-command").textContent()).resolves.toBe("/executions");
    expect(await hint.locator(".hint-usage").textContent()).toContain("<retriever>");
    await page.locator(".composer-input").fill("");
  });

  it("lists the newest runs, visible only to the person who asked", async () => {
    const { page } = ui;
    const list = await showList(page);
    expect(await list.locator(".ephemeral-note").textContent()).toContain("Only visible to you");
    await expect(contextOf(list).textContent()).resolves.toContain("Showing 1–10");
    // Ten runs, one table row each under a header row, and the paging controls underneath.
    expect(await list.locator(".blk-table tr").count()).toBe(11);
    expect(await list.locator(".blk-table th").first().textContent()).toBe("#");
    expect(await list.locator(".blk-section").count()).toBe(0);
    expect(await list.locator('[data-action-id="executions_page_next"]').count()).toBe(1);
    // Dates are drawn in the viewer's zone, never left as Slack's raw <!date^…> token.
    expect(await list.textContent()).not.toContain("<!date");
    await screenshot(page, "docs/screenshot-list.png", list);
  });

  it("pages with Next and Previous, replacing the list in place", async () => {
    const { page } = ui;
    const list = await showList(page);
    const lists = () => page.locator(".channel .msg").filter({ hasText: HEADER }).count();
    const shown = await lists();
    await list.locator('[data-action-id="executions_page_next"]').click();
    await expect.poll(() => contextOf(list).textContent()).toContain("Showing 11–20");
    await list.locator('[data-action-id="executions_page_previous"]').click();
    await expect.poll(() => contextOf(list).textContent()).toContain("Showing 1–10");
    // The same message (found by its ts) changed; no new list was posted.
    expect(await lists()).toBe(shown);
  });

  it("filters by status", async () => {
    const { page } = ui;
    const list = await showFailed(page);
    const statuses = list.locator(".blk-table tr td:nth-child(2)");
    const count = await statuses.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) expect(await statuses.nth(i).textContent()).toContain("failed");
    // Failed rows say why, in a column of their own.
    expect(await list.locator(".blk-table th").last().textContent()).toBe("Why it failed");
    expect(await list.locator(".blk-table tr td:last-child").first().textContent()).not.toBe("—");
    expect(await list.locator('select[data-action-id="executions_status_filter"]').inputValue()).toBe(
      "failed",
    );
  });

  it("shows a message's Block Kit JSON with a Copy button", async () => {
    const { page } = ui;
    const list = await showList(page);
    await list.hover();
    await list.locator(".json-toggle").click();
    const json = list.locator(".json-code");
    const blocks = JSON.parse((await json.textContent()) ?? "{}") as { blocks: Array<{ type: string }> };
    expect(blocks.blocks[0]?.type).toBe("header");
    expect(await list.locator(".json-copy").isVisible()).toBe(true);
    await list.locator(".json-toggle").click();
    expect(await list.locator(".json-code").count()).toBe(0);
  });

  it("switches to the detailed layout and back, keeping the filter", async () => {
    const { page } = ui;
    const list = await showFailed(page);
    await list.locator('[data-action-id="executions_page_layout"]').click();
    await list.locator(".blk-section").first().waitFor();
    expect(await list.locator(".blk-table").count()).toBe(0);
    expect(await list.locator('[data-action-id="execution_details"]').count()).toBeGreaterThan(0);
    expect(await contextOf(list).textContent()).toContain("Only failed");
    await list.locator('[data-action-id="executions_page_layout"]').click();
    await list.locator(".blk-table").waitFor();
  });

  it("opens an execution's Details in a modal from the list's select, and closes it", async () => {
    const { page } = ui;
    const list = await showList(page);
    const select = list.locator('select[data-action-id="execution_details_select"]');
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
    const { page } = ui;
    const notice = await newMessage(page, () => typeInComposer(page, "/nope now"), "is not a valid command");
    expect(await notice.locator(".msg-author").textContent()).toBe("Slackbot");
  });
});
