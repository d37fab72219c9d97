/**
 * Subscribing #alerts from the page, then making the retriever fail from the playground: the alert must
 * appear in #alerts by itself, through the stand-in's event stream, with no reload.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  browserSuite,
  launchBrowser,
  type OpenedPage,
  openChannel,
  openDemoPage,
  screenshot,
  startTestDemo,
  type TestDemo,
  typeInComposer,
} from "./support.js";

browserSuite("failure alerts in the browser", () => {
  let running: TestDemo;
  let browser: Browser;
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    running = await startTestDemo({ watchIntervalSeconds: 1 });
    browser = await launchBrowser();
    opened = await openDemoPage(browser, running.demo.url);
    page = opened.page;
  });

  afterAll(async () => {
    await browser?.close();
    await running?.demo.close();
  });

  const alertsMessages = () => page.locator(".channel .messages .msg");

  it("subscribes #alerts with the command typed there", async () => {
    await openChannel(page, "alerts");
    await typeInComposer(page, "/executions subscribe product-search");
    const confirmation = alertsMessages().filter({ hasText: "product-search" }).last();
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toMatch(/subscri/i);
    expect(
      running.demo.slack.messages("C0ALERTS").length + running.demo.slack.ephemerals().length,
    ).toBeGreaterThan(0);
  });

  it("shows the alert live when the playground makes the retriever fail", async () => {
    const before = await alertsMessages().count();
    await page.locator(".playground-toggle").click();
    const retriever = page.locator('.playground select[aria-label="Retriever"]');
    await retriever.locator("option", { hasText: "product-search" }).first().waitFor({ state: "attached" });
    await retriever.selectOption({ label: "product-search (demo)" });
    await page.locator(".playground .pg-fail").click();

    // Nothing reloads the page: the new message arrives through the event stream.
    await page.waitForFunction(
      (count) => document.querySelectorAll(".channel .messages .msg").length > count,
      before,
      { timeout: 20_000 },
    );
    const alert = alertsMessages().last();
    expect(await alert.locator(".msg-author").textContent()).toBe("executions-bot");
    expect(await alert.textContent()).toContain("product-search");
    expect(await alert.locator(".ephemeral-note").count()).toBe(0);
    await page.locator(".playground-toggle").click();
    await screenshot(page, "docs/screenshot-alert.png", alert);
  });

  it("shows the subscription on the Home tab the bot publishes when it is opened", async () => {
    await page.locator(".sidebar .side-item", { hasText: "Home" }).click();
    const home = page.locator(".home");
    await home.locator(".blk-header", { hasText: "Mixpeek executions" }).waitFor();
    await expect.poll(async () => (await home.textContent()) ?? "").toContain("product-search");
    expect(await home.textContent()).toContain("#alerts");
    await screenshot(page, "docs/screenshot-home.png");
  });

  it("raised no errors on the page", () => {
    expect(opened.errors).toEqual([]);
  });
});
