/**
 * Stats in the browser demo: the stats view with its sparklines, the chart posted to the channel and drawn
 * by the page (an uploaded file and an image block), and a digest sent from the playground.
 */
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

browserSuite("stats, the chart and digests in the browser", () => {
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

  it("shows a retriever's stats, then posts its chart and shows the image", async () => {
    await typeInComposer(page, "/executions product-search stats 7d");
    const stats = latestMessageWithHeader(page, "Health of product-search");
    await stats.waitFor({ timeout: 20_000 });
    expect(await stats.locator(".section-field", { hasText: "Runs" }).count()).toBe(1);
    expect(await stats.textContent()).toMatch(/[▁▂▃▄▅▆▇█]{8}/);
    await stats.locator("button", { hasText: "Post chart to channel" }).click();
    const shared = page.locator(".channel .msg .shared-file img.uploaded-image").last();
    await shared.waitFor({ timeout: 20_000 });
    const chart = stats.locator(".blk-image img.uploaded-image");
    await chart.waitFor({ timeout: 20_000 });
    // The browser really decoded the PNG the stand-in serves.
    await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    await screenshot(page, "docs/screenshot-stats.png", stats);
  });

  it("sends the channel's digest from the playground", async () => {
    await typeInComposer(page, "/executions digest support-faq daily at:09:00 tz:Europe/Berlin");
    await page
      .locator(".channel .msg", { hasText: "set up a daily digest of" })
      .last()
      .waitFor({ timeout: 20_000 });
    await page.locator(".playground-toggle").click();
    await page.locator(".playground .pg-send-digests").click();
    const digest = latestMessageWithHeader(page, "Daily digest of support-faq");
    await digest.waitFor({ timeout: 30_000 });
    await digest.locator(".blk-image img.uploaded-image").waitFor({ timeout: 30_000 });
  });

  it("raised no errors on the page", () => {
    expect(opened.errors).toEqual([]);
  });
});
