/**
 * Subscribing #alerts from the page, then making the retriever fail from the playground: the alert must
 * appear in #alerts by itself, through the stand-in's event stream, with no reload. Muting shows on the
 * alert; the Home tab's buttons and its Subscribe a channel modal work from the page.
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
  });

  /** The latest top-level alert in #alerts, made by a failure from the playground if there is none yet. */
  async function anAlert(page: Page): Promise<Locator> {
    await ensureSubscribed(page);
    const controls = '[data-action-id="alert_mute_1h"], [data-action-id="alert_unmute"]';
    const existing = page.locator(".channel .messages .msg", { has: page.locator(controls) });
    if ((await existing.count()) === 0) {
      await openPlayground(page);
      const retriever = page.locator('.playground select[aria-label="Retriever"]');
      await retriever.locator("option", { hasText: "product-search" }).first().waitFor({ state: "attached" });
      await retriever.selectOption({ label: "product-search (demo)" });
      await newMessage(page, () => page.locator(".playground .pg-fail").click(), "product-search");
      await page.locator(".playground-toggle").click();
    }
    const ts = await existing.last().getAttribute("data-ts");
    return page.locator(`.channel .messages .msg[data-ts="${ts}"]`);
  }

  it("mutes from the alert, which then says until when and by whom, and Unmute puts it back", async () => {
    const { page } = ui;
    const alert = await anAlert(page);
    const unmute = alert.locator('[data-action-id="alert_unmute"]');
    const mute = alert.locator('[data-action-id="alert_mute_1h"]');
    if ((await unmute.count()) > 0) await unmute.click();
    await mute.click();
    await expect.poll(async () => (await alert.textContent()) ?? "").toMatch(/Muted until .+ by @/);
    await unmute.waitFor();
    expect(await mute.count()).toBe(0);
    await screenshot(page, "docs/screenshot-alert.png", alert);

    await unmute.click();
    await mute.waitFor();
    expect(await alert.textContent()).not.toContain("Muted until");
  });

  it("shows the subscription on the Home tab with its buttons, which mute and unmute it", async () => {
    const { page } = ui;
    await ensureSubscribed(page);
    await page.locator(".sidebar .side-item", { hasText: "Home" }).click();
    const home = page.locator(".home");
    await home.locator(".blk-header", { hasText: "Mixpeek executions" }).waitFor();
    await expect.poll(async () => (await home.textContent()) ?? "").toContain("product-search");
    expect(await home.textContent()).toContain("#alerts");
    await home.locator('[data-action-id="home_subscribe"]').waitFor();
    await home.locator('[data-action-id="home_unsubscribe"]').first().waitFor();

    await home.locator('[data-action-id="home_mute_1h"]').first().click();
    await home.locator('[data-action-id="home_unmute"]').first().waitFor();
    expect(await home.textContent()).toContain("muted until");
    await screenshot(page, "docs/screenshot-home.png");
    await home.locator('[data-action-id="home_unmute"]').first().click();
    await home.locator('[data-action-id="home_mute_1h"]').first().waitFor();
  });

  it("subscribes a channel from the Home tab's modal", async () => {
    const { page } = ui;
    await page.locator(".sidebar .side-item", { hasText: "Home" }).click();
    const home = page.locator(".home");
    await home.locator('[data-action-id="home_subscribe"]').click();
    const modal = page.locator(".overlay .modal");
    await modal.waitFor();
    await modal.locator('select[data-action-id="subscribe_channel"]').selectOption({ label: "#general" });
    const search = modal.locator('input[data-action-id="retriever_search"]');
    await search.click();
    await search.fill("support");
    const option = modal.locator(".menu-item", { hasText: "support-faq" }).first();
    await option.waitFor();
    await option.dispatchEvent("mousedown");
    await modal.locator(".modal-submit").click();
    await modal.waitFor({ state: "detached" });
    await expect.poll(async () => (await home.textContent()) ?? "").toContain("support-faq");
    expect(await home.textContent()).toContain("#general");
    const subs = await ui.demo.bot.deps.store.listChannelSubscriptions(STAND_IN_DEFAULTS.teamId, "C0GENERAL");
    expect(subs.map((sub) => sub.retrieverName)).toContain("support-faq");
  });
});
