/**
 * Shared pieces of the browser tests: Debian's Chromium driven by playwright-core (no browser download),
 * the demo started in-process on free ports, and locators for what a person looks at on the page.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Writable } from "node:stream";
import { type DemoOptions, type RunningDemo, startDemo } from "@executions-bot/demo";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { describe, it } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAS_BROWSER = existsSync(CHROMIUM_PATH);

/**
 * A describe block that runs only where Chromium is installed. Without it the tests are skipped with one
 * clear line, or fail when REQUIRE_BROWSER=1 (CI, where skipping would hide a broken setup).
 */
export function browserSuite(name: string, body: () => void): void {
  if (!HAS_BROWSER) {
    if (process.env.REQUIRE_BROWSER === "1") {
      describe(name, () => {
        it("needs Chromium", () => {
          throw new Error(
            `REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`,
          );
        });
      });
      return;
    }
    console.log(
      `[e2e] skipping "${name}": no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this fail)`,
    );
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface TestDemo {
  demo: RunningDemo;
  /** The bot's log lines, for a failing test's message. */
  logs: string[];
}

export async function startTestDemo(options: DemoOptions = {}): Promise<TestDemo> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const demo = await startDemo({
    port: 0,
    trickleSeconds: 0,
    logLevel: "warn",
    logDestination: destination,
    ...options,
  });
  return { demo, logs };
}

export interface OpenedPage {
  page: Page;
  /** Uncaught errors and console errors on the page; a test ends by expecting none. */
  errors: string[];
}

export async function openDemoPage(
  browser: Browser,
  url: string,
  timezoneId = "America/New_York",
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    timezoneId,
    locale: "en-US",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  // The page must never reach for the internet: a request off the demo's origin is a bug.
  const origins = new Set([new URL(url).origin, new URL(url).origin.replace("localhost", "127.0.0.1")]);
  page.on("request", (request) => {
    const target = new URL(request.url());
    if (!origins.has(target.origin) && target.protocol !== "data:")
      errors.push(`request off the demo: ${target.href}`);
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  return { page, errors };
}

export async function openChannel(page: Page, name: string): Promise<void> {
  await page.locator(".sidebar .side-item", { hasText: name }).click();
  await page.locator(".channel-name", { hasText: `# ${name}` }).waitFor();
}

export async function typeInComposer(page: Page, text: string): Promise<void> {
  const input = page.locator(".composer-input");
  await input.fill(text);
  await input.press("Enter");
}

/** The newest message in the open channel whose blocks start with this header. */
export function latestMessageWithHeader(page: Page, header: string): Locator {
  return page
    .locator(".channel .messages .msg")
    .filter({ has: page.locator(".blk-header", { hasText: header }) })
    .last();
}

/** Saves what the page shows with `focus` scrolled to the top, in a window tall enough to hold it whole. */
export async function screenshot(page: Page, path: string, focus?: Locator): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  // Notes about earlier clicks would cover what the picture is for.
  await page.evaluate(() => document.querySelector(".toasts")?.remove());
  const before = page.viewportSize();
  if (focus) {
    const box = await focus.boundingBox();
    const height = Math.min(1600, Math.max(before?.height ?? 820, Math.ceil((box?.height ?? 0) + 260)));
    await page.setViewportSize({ width: before?.width ?? 1280, height });
    await focus.evaluate((element) => element.scrollIntoView({ block: "end" }));
  }
  await page.screenshot({ path });
  if (before) await page.setViewportSize(before);
}
