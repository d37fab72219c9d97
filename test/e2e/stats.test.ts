/**
 * Stats in the browser demo: the stats view with its sparklines, the chart posted to the channel and drawn
 * by the page (an uploaded file and an image block), and a digest sent from the playground.
 */
import { expect, it } from "vitest";
import {
  browserSuite,
  demoInBrowser,
  newMessage,
  openPlayground,
  screenshot,
  typeInComposer,
} from "./support.js";

browserSuite("stats, the chart and digests in the browser", () => {
  const ui = demoInBrowser();

  it("shows a retriever's stats, then posts its chart and shows the image", async () => {
    const { page } = ui;
    const stats = await newMessage(
      page,
      () => typeInComposer(page, "/executions product-search stats 7d"),
      "Health of product-search",
      { inHeader: true },
    );
    expect(await stats.locator(".section-field", { hasText: "Runs" }).count()).toBe(1);
    expect(await stats.textContent()).toMatch(/[▁▂▃▄▅▆▇█]{8}/);
    await stats.locator("button", { hasText: "Post chart to channel" }).click();
    await page.locator(".channel .msg .shared-file img.uploaded-image").last().waitFor({ timeout: 20_000 });
    const chart = page.locator(".channel .msg .blk-image img.uploaded-image").last();
    await chart.waitFor({ timeout: 20_000 });
    // The browser really decoded the PNG the stand-in serves.
    await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    await screenshot(page, "docs/screenshot-stats.png", chart);
  });

  it("sends the channel's digest from the playground", async () => {
    const { page } = ui;
    await newMessage(
      page,
      () => typeInComposer(page, "/executions digest support-faq daily at:09:00 tz:Europe/Berlin"),
      "set up a daily digest of",
    );
    await openPlayground(page);
    const digest = await newMessage(
      page,
      () => page.locator(".playground .pg-send-digests").click(),
      "Daily digest of support-faq",
      { inHeader: true, timeout: 30_000 },
    );
    const chart = digest.locator(".blk-image img.uploaded-image");
    await chart.waitFor({ timeout: 30_000 });
    await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    await screenshot(page, "docs/screenshot-digest.png", digest);
  });
});
