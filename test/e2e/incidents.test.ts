/**
 * The playground's Incidents buttons, in the browser: with #alerts watching a threshold rule, "Raise
 * failure rate" and "Raise latency" make the rule fire at the next watch, and "Back to normal" makes it
 * recover, the alert redrawn in place; all of it arrives without a reload. Each rule gets a demo of its
 * own: the 400 healthy runs of a "Back to normal" stay in a rule's window as long as it lasts, so a raise
 * right after one does not outweigh them (the panel says so).
 */
import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  browserSuite,
  demoInBrowser,
  newMessage,
  openChannel,
  openPlayground,
  typeInComposer,
} from "./support.js";

// Two waits for a watch round fit in the browser tests' 60 s per test.
const WATCHED = 25_000;

/** Subscribes #alerts to product-search with `rule`, and opens the playground on that retriever. */
async function watchWith(page: Page, rule: string): Promise<void> {
  await openChannel(page, "alerts");
  await newMessage(
    page,
    () => typeInComposer(page, `/executions subscribe product-search ${rule}`),
    "product-search",
  );
  await openPlayground(page);
  const retriever = page.locator('.playground select[aria-label="Retriever"]');
  await retriever.locator("option", { hasText: "product-search" }).first().waitFor({ state: "attached" });
  await retriever.selectOption({ label: "product-search (demo)" });
}

async function recovered(alert: Locator): Promise<void> {
  await expect
    .poll(async () => (await alert.textContent()) ?? "", { timeout: WATCHED })
    .toContain("Recovered at");
  // Recovered, the alert keeps what fired but loses its buttons.
  expect(await alert.locator('[data-action-id="alert_mute_1h"]').count()).toBe(0);
}

browserSuite("a failure-rate rule from the playground", () => {
  const ui = demoInBrowser({ watchIntervalSeconds: 1 });

  it("fires a failure-rate rule on Raise failure rate, and recovers it on Back to normal", async () => {
    const { page } = ui;
    await watchWith(page, "when:failure-rate>5%");
    const alert = await newMessage(
      page,
      () => page.locator(".playground .pg-raise-rate").click(),
      "failure rate above 5%",
      {
        timeout: WATCHED,
      },
    );
    expect(await alert.textContent()).toMatch(/\d+ of \d+ runs failed in the last/);
    await page.locator(".playground .pg-heal").click();
    await recovered(alert);
  });
});

browserSuite("a latency rule from the playground", () => {
  const ui = demoInBrowser({ watchIntervalSeconds: 1 });

  it("fires a latency rule on Raise latency, and recovers it on Back to normal", async () => {
    const { page } = ui;
    await watchWith(page, "when:p95>800ms");
    const alert = await newMessage(
      page,
      () => page.locator(".playground .pg-raise-latency").click(),
      "p95 latency above",
      {
        timeout: WATCHED,
      },
    );
    expect(await alert.textContent()).toMatch(/p95 latency [\d,]+ ms over \d+ runs/);
    await page.locator(".playground .pg-heal").click();
    await recovered(alert);
  });
});
