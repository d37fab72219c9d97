/**
 * Modals and the Home tab: `/executions` alone opens the bot's retriever picker, whose external select
 * asks the bot for options as the person types; submitting it lists the runs. The Home tab shows what
 * views.publish put there.
 */
import { expect, it } from "vitest";
import { browserSuite, demoInBrowser, newMessage, typeInComposer } from "./support.js";

browserSuite("modals and the Home tab in the browser", () => {
  const ui = demoInBrowser();

  it("picks a retriever in the modal the bare command opens", async () => {
    const { page } = ui;
    await typeInComposer(page, "/executions");
    const modal = page.locator(".overlay .modal");
    await modal.waitFor();
    expect(await modal.locator(".modal-head h2").textContent()).toBe("Executions");

    const search = modal.locator('input[data-action-id="retriever_search"]');
    await search.click();
    await search.fill("video");
    const option = modal.locator(".menu-item", { hasText: "video-moments" }).first();
    await option.waitFor();
    await option.dispatchEvent("mousedown");
    expect(await search.inputValue()).toContain("video-moments");

    await modal.locator('select[data-action-id="picker_status"]').selectOption("failed");
    // The list arrives through the command's response_url; the option's value (the retriever id) names it.
    const list = await newMessage(page, () => modal.locator(".modal-submit").click(), "Executions of", {
      inHeader: true,
    });
    await modal.waitFor({ state: "detached" });
    expect(await list.locator(".blk-context").first().textContent()).toContain("Only failed");
    const retriever = ui.demo.simulator.retrievers("demo").find((r) => r.retriever_name === "video-moments");
    expect(await list.locator(".blk-header").textContent()).toMatch(
      new RegExp(`Executions of (video-moments|${retriever?.retriever_id})`),
    );
  });

  it("Cancel closes the modal without submitting it", async () => {
    const { page } = ui;
    await typeInComposer(page, "/executions");
    const modal = page.locator(".overlay .modal");
    await modal.waitFor();
    await modal.locator(".modal-cancel").click();
    await modal.waitFor({ state: "detached" });
    expect(ui.demo.slack.views().filter((v) => v.type === "modal" && !v.closed)).toEqual([]);
  });

  it("shows the Home tab the app published", async () => {
    const { page } = ui;
    await page.locator(".sidebar .side-item", { hasText: "Home" }).click();
    // The bot publishes its own Home tab when it is opened; the view published after it replaces it.
    await page.locator(".home .blk-header", { hasText: "Mixpeek executions" }).waitFor();
    const answer = await fetch(`${ui.demo.slack.apiUrl}views.publish`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer xoxb-e2e-test" },
      body: JSON.stringify({
        user_id: "U0DEVUSER",
        view: {
          type: "home",
          blocks: [
            { type: "header", text: { type: "plain_text", text: "Welcome home :wave:" } },
            { type: "section", text: { type: "mrkdwn", text: "Subscribed: *product-search*" } },
          ],
        },
      }),
    });
    expect(((await answer.json()) as { ok: boolean }).ok).toBe(true);
    const header = page.locator(".home .blk-header", { hasText: "Welcome home 👋" });
    await header.waitFor();
    expect(await page.locator(".home .blk-section b").textContent()).toBe("product-search");
    expect(await page.locator(".composer").isHidden()).toBe(true);
  });
});
