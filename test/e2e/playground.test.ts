/** The playground panel drives the simulator: latency, queued faults, call counts, and what the bot says. */
import { expect, it } from "vitest";
import { browserSuite, demoInBrowser, newMessage, openPlayground, typeInComposer } from "./support.js";

browserSuite("the playground in the browser", () => {
  const ui = demoInBrowser();
  const sim = () => ui.demo.simulator;

  it("sets the simulator's latency with the slider", async () => {
    const { page } = ui;
    await openPlayground(page);
    await page.locator('.playground input[type="range"]').fill("1200");
    await expect.poll(() => sim().latency()).toBe(1200);
    expect(await page.locator(".playground .slider-value").textContent()).toBe("1200 ms");
    await page.locator('.playground input[type="range"]').fill("0");
    await expect.poll(() => sim().latency()).toBe(0);
  });

  it("queues faults for the next calls, shows them, and clears them", async () => {
    const { page } = ui;
    sim().clearFaults();
    await openPlayground(page);
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
    const { page } = ui;
    sim().clearFaults();
    sim().setLatency(0);
    await openPlayground(page);
    const callsBefore = sim().callCount();
    await page.locator('.playground select[aria-label="Fault"]').selectOption("500");
    await page.locator('.playground input[aria-label="For the next N calls"]').fill("10");
    await page.locator(".playground .pg-inject").click();
    const answer = await newMessage(
      page,
      () => typeInComposer(page, "/executions product-search"),
      "Mixpeek isn't answering right now",
    );
    expect(await answer.locator(".ephemeral-note").count()).toBe(1);
    await page.locator(".playground .pg-clear").click();
    // The calls the bot made show up in the simulator's counts, on the panel too.
    expect(sim().callCount()).toBeGreaterThan(callsBefore);
    await expect
      .poll(async () => Number(await page.locator(".playground [data-total]").getAttribute("data-total")))
      .toBe(sim().callCount());
  });
});
