/**
 * Shared pieces of the browser tests: Debian's Chromium driven by playwright-core (no browser download),
 * the demo started in-process on free ports, and locators for what a person looks at on the page.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Writable } from "node:stream";
import { type DemoOptions, type RunningDemo, startDemo } from "@executions-bot/demo";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
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

function launchBrowser(): Promise<Browser> {
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

interface TestDemo {
  demo: RunningDemo;
  /** The bot's log lines, for a failing test's message. */
  logs: string[];
}

async function startTestDemo(options: DemoOptions = {}): Promise<TestDemo> {
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

export interface DemoInBrowser {
  /** The demo this file's tests share (its workspace keeps what earlier tests did). */
  readonly demo: RunningDemo;
  /** A page opened for the current test alone. */
  readonly page: Page;
}

/**
 * One demo and one browser for a file, and a fresh page for every test, so no test depends on what another
 * left on screen or on running after it. Each test ends by expecting no error on its page.
 */
export function demoInBrowser(options: DemoOptions = {}, timezoneId?: string): DemoInBrowser {
  let running: TestDemo | undefined;
  let browser: Browser | undefined;
  let opened: OpenedPage | undefined;
  beforeAll(async () => {
    running = await startTestDemo(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.demo.close();
  });
  beforeEach(async () => {
    if (!browser || !running) throw new Error("the demo or the browser did not start");
    opened = await openDemoPage(browser, running.demo.url, timezoneId);
  });
  afterEach(async () => {
    const errors = opened?.errors ?? [];
    await opened?.page.context().close();
    opened = undefined;
    expect(errors, `errors on the page (the bot logged: ${running?.logs.join("") || "nothing"})`).toEqual([]);
  });
  return {
    get demo() {
      if (!running) throw new Error("the demo did not start");
      return running.demo;
    },
    get page() {
      if (!opened) throw new Error("no page is open outside a test");
      return opened.page;
    },
  };
}

interface OpenedPage {
  page: Page;
  /** Uncaught errors and console errors on the page; a test ends by expecting none. */
  errors: string[];
}

async function openDemoPage(
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

/**
 * Does `act`, then waits for a message that was not in the open channel before it and contains `text`
 * (in its header, when `inHeader`), and returns it: never an older one an earlier test left there.
 */
export async function newMessage(
  page: Page,
  act: () => Promise<void>,
  text: string,
  { inHeader = false, timeout = 20_000 }: { inHeader?: boolean; timeout?: number } = {},
): Promise<Locator> {
  const before = await page
    .locator(".channel .messages .msg")
    .evaluateAll((found) => found.map((msg) => msg.getAttribute("data-ts")));
  await act();
  const ts = await page.waitForFunction(
    ({ before, text, inHeader }) => {
      for (const msg of Array.from(document.querySelectorAll(".channel .messages .msg"))) {
        const ts = msg.getAttribute("data-ts");
        const where = inHeader ? msg.querySelector(".blk-header") : msg;
        if (ts && !before.includes(ts) && where?.textContent?.includes(text)) return ts;
      }
      return null;
    },
    { before, text, inHeader },
    { timeout },
  );
  return page.locator(`.channel .messages .msg[data-ts="${await ts.jsonValue()}"]`);
}

/** Opens the playground panel and waits until it shows the simulator's call counts. */
export async function openPlayground(page: Page): Promise<void> {
  await page.locator(".playground-toggle").click();
  await page.locator(".playground .call-table .total").waitFor();
}

/** Screenshots for the README are written only when asked: `UPDATE_SCREENSHOTS=1 npm run test:e2e`. */
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";

/**
 * Takes a picture of what the page shows with `focus` scrolled into view, in a window tall enough to hold
 * it whole. Written to `path` only with UPDATE_SCREENSHOTS=1, so a test run leaves docs/ as it was.
 */
export async function screenshot(page: Page, path: string, focus?: Locator): Promise<void> {
  // Notes about earlier clicks would cover what the picture is for.
  await page.evaluate(() => document.querySelector(".toasts")?.remove());
  const before = page.viewportSize();
  if (focus) {
    const box = await focus.boundingBox();
    const height = Math.min(1600, Math.max(before?.height ?? 820, Math.ceil((box?.height ?? 0) + 260)));
    await page.setViewportSize({ width: before?.width ?? 1280, height });
    await focus.evaluate((element) => element.scrollIntoView({ block: "end" }));
  }
  if (UPDATE_SCREENSHOTS) {
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path });
  } else {
    await page.screenshot();
  }
  if (before) await page.setViewportSize(before);
}
