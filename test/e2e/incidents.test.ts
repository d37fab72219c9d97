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

const CASES = [
  {
    rule: "when:failure-rate>5%",
    button: "Raise failure rate",
    raise: ".pg-raise-rate",
    fired: "failure rate above 5%",
    reading: /\d+ of \d+ runs failed in the last/,
  },
  {
    rule: "when:p95>800ms",
    button: "Raise latency",
    raise: ".pg-raise-latency",
    fired: "p95 latency above 800 ms",
    reading: /p95 latency [\d,]+ ms over \d+ runs/,
  },
];

for (const rule of CASES) {
  browserSuite(`${rule.rule} from the playground`, () => {
    const ui = demoInBrowser({ watchIntervalSeconds: 1 });

    it(`fires on ${rule.button}, and recovers in place on Back to normal`, async () => {
      const { page } = ui;
      await watchWith(page, rule.rule);
      const raise = () => page.locator(`.playground ${rule.raise}`).click();
      const alert = await newMessage(page, raise, rule.fired, { timeout: WATCHED });
      expect(await alert.textContent()).toMatch(rule.reading);
      await page.locator(".playground .pg-heal").click();
      await recovered(alert);
    });
  });
}
