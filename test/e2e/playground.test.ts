/** The playground panel drives the simulator: latency, queued faults, call counts, and what the bot says. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  browserSuite,
  launchBrowser,
  type OpenedPage,
  openDemoPage,
  startTestDemo,
  type TestDemo,
  typeInComposer,
} from "./support.js";

browserSuite("the playground in the browser", () => {
  let running: TestDemo;
  let browser: Browser;
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    running = await startTestDemo();
    browser = await launchBrowser();
    opened = await openDemoPage(browser, running.demo.url);
    page = opened.page;
    await page.locator(".playground-toggle").click();
    await page.locator(".playground .call-table .total").waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.demo.close();
  });

  const sim = () => running.demo.simulator;

  it("sets the simulator's latency with the slider", async () => {
    await page.locator('.playground input[type="range"]').fill("1200");
    await expect.poll(() => sim().latency()).toBe(1200);
    expect(await page.locator(".playground .slider-value").textContent()).toBe("1200 ms");
    await page.locator('.playground input[type="range"]').fill("0");
    await expect.poll(() => sim().latency()).toBe(0);
  });

  it("queues faults for the next calls, shows them, and clears them", async () => {
    await page.locator('.playground select[aria-label="Fault"]').selectOption("schema_break");
    await page.locator('.playground input[aria-label="For the next N calls"]').fill("3");
    await page.locator(".playground .pg-inject").click();
    await page.locator(".playground .fault-list li", { hasText: "schema break × 3" }).waitFor();
    expect(sim().state().faults).toEqual([{ kind: "schema_break", times: 3 }]);
    await page.locator(".playground .pg-clear").click();
    await page.locator(".playground .fault-list li", { hasText: "No faults queued" }).waitFor();
    expect(sim().state().faults).toEqual([]);
  });

  it("lets the bot meet a failing Mixpeek, and counts the calls it made", async () => {
    const callsBefore = sim().callCount();
    await page.locator('.playground select[aria-label="Fault"]').selectOption("500");
    await page.locator('.playground input[aria-label="For the next N calls"]').fill("10");
    await page.locator(".playground .pg-inject").click();
    await typeInComposer(page, "/executions product-search");
    const answer = page.locator(".channel .msg", { hasText: "Mixpeek isn't answering right now" }).last();
    await answer.waitFor({ timeout: 20_000 });
    expect(await answer.locator(".ephemeral-note").count()).toBe(1);
    await page.locator(".playground .pg-clear").click();
    // The calls the bot made show up in the simulator's counts, on the panel too.
    expect(sim().callCount()).toBeGreaterThan(callsBefore);
    await expect
      .poll(async () => Number(await page.locator(".playground [data-total]").getAttribute("data-total")))
      .toBe(sim().callCount());
  });

  it("raised no errors on the page", () => {
    expect(opened.errors).toEqual([]);
  });
});
