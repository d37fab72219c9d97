/**
 * Subscribing #alerts from the page, then making the retriever fail from the playground: the alert must
 * appear in #alerts by itself, through the stand-in's event stream, with no reload.
 */
import { STAND_IN_DEFAULTS } from "@executions-bot/slack-standin";
import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  browserSuite,
  demoInBrowser,
  newMessage,
  openChannel,
  openPlayground,
  screenshot,
  typeInComposer,
} from "./support.js";

/** Types the subscribe command in #alerts and returns the bot's answer (new, whatever came before). */
async function subscribeAlerts(page: Page): Promise<Locator> {
  await openChannel(page, "alerts");
  return newMessage(
    page,
    () => typeInComposer(page, "/executions subscribe product-search"),
    "unsubscribe product-search",
  );
}

browserSuite("failure alerts in the browser", () => {
  const ui = demoInBrowser({ watchIntervalSeconds: 1 });
  const subscribed = async () =>
    (await ui.demo.bot.deps.store.listChannelSubscriptions(STAND_IN_DEFAULTS.teamId, "C0ALERTS")).map(
      (sub) => sub.retrieverName,
    );
  /** #alerts subscribed to product-search, through the page unless an earlier test did it already. */
  async function ensureSubscribed(page: Page): Promise<void> {
    if (!(await subscribed()).includes("product-search")) await subscribeAlerts(page);
    await openChannel(page, "alerts");
  }

  it("subscribes #alerts with the command typed there", async () => {
    const confirmation = await subscribeAlerts(ui.page);
    // "Already" when another test subscribed first.
    expect(await confirmation.textContent()).toMatch(/subscribed this channel|already gets alerts/);
    expect(await subscribed()).toEqual(["product-search"]);
  });

  it("shows the alert live when the playground makes the retriever fail", async () => {
    const { page } = ui;
    await ensureSubscribed(page);
    await openPlayground(page);
    const retriever = page.locator('.playground select[aria-label="Retriever"]');
    await retriever.locator("option", { hasText: "product-search" }).first().waitFor({ state: "attached" });
    await retriever.selectOption({ label: "product-search (demo)" });

    // Nothing reloads the page: the new message arrives through the event stream.
    const alert = await newMessage(
      page,
      () => page.locator(".playground .pg-fail").click(),
      "product-search",
    );
    expect(await alert.locator(".msg-author").textContent()).toBe("executions-bot");
    expect(await alert.locator(".ephemeral-note").count()).toBe(0);
    await page.locator(".playground-toggle").click();
    await screenshot(page, "docs/screenshot-alert.png", alert);
  });

  it("shows the subscription on the Home tab the bot publishes when it is opened", async () => {
    const { page } = ui;
    await ensureSubscribed(page);
    await page.locator(".sidebar .side-item", { hasText: "Home" }).click();
    const home = page.locator(".home");
    await home.locator(".blk-header", { hasText: "Mixpeek executions" }).waitFor();
    await expect.poll(async () => (await home.textContent()) ?? "").toContain("product-search");
    expect(await home.textContent()).toContain("#alerts");
    await screenshot(page, "docs/screenshot-home.png");
  });
});
