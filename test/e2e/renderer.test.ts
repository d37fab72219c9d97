/**
 * How the page draws what it is sent: every kind of block and mrkdwn the bot could use, threads, and
 * hostile text. Messages are posted straight to the stand-in's Web API, as the bot would post them.
 */
import type { Locator } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { browserSuite, demoInBrowser, newMessage, typeInComposer } from "./support.js";

const KITCHEN_SINK = [
  { type: "header", text: { type: "plain_text", text: "Kitchen sink :rotating_light:" } },
  {
    type: "section",
    text: {
      type: "mrkdwn",
      text:
        "*bold* _italic_ ~strike~ `co*de*` &lt;img src=x onerror=window.__xss=1&gt; <img src=x onerror=window.__xss=5> " +
        "<javascript:window.__xss=2|click me> <https://example.com/a?b=1&amp;c=2|safe link> " +
        "<@U0DEVUSER> <#C0ALERTS> <!here> <!subteam^S0ONCALL|@oncall> " +
        "<!date^0^{date_num} {time}|epoch> :white_check_mark: :no_such_emoji:",
    },
    fields: [
      { type: "mrkdwn", text: "*Field* one" },
      { type: "plain_text", text: "<b>plain</b> :x:" },
    ],
    accessory: {
      type: "overflow",
      action_id: "kitchen_overflow",
      options: [{ text: { type: "plain_text", text: "First choice" }, value: "1" }],
    },
  },
  {
    type: "section",
    text: { type: "mrkdwn", text: "```\n<script>window.__xss=3</script> *not bold*\n```\n&gt; a quote" },
  },
  {
    type: "context",
    elements: [
      { type: "image", image_url: "https://example.com/logo.png", alt_text: "logo" },
      { type: "mrkdwn", text: "context _text_" },
    ],
  },
  { type: "divider" },
  { type: "image", image_url: "javascript:alert(1)", alt_text: "bad image" },
  {
    type: "actions",
    elements: [
      {
        type: "button",
        text: { type: "plain_text", text: "Go" },
        style: "primary",
        action_id: "kitchen_go",
        value: "go",
      },
      {
        type: "button",
        text: { type: "plain_text", text: "Stop" },
        style: "danger",
        action_id: "kitchen_stop",
      },
    ],
  },
  // A block Slack knows and the page does not draw (Slack refuses a type it does not know at all).
  { type: "plan", payload: "<img src=x onerror=window.__xss=4>" },
];

browserSuite("the Block Kit and mrkdwn renderer in the browser", () => {
  const ui = demoInBrowser({}, "America/New_York");
  let sinkTs: string;

  async function callAsBot(method: string, args: Record<string, unknown>) {
    const answer = await fetch(`${ui.demo.slack.apiUrl}${method}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer xoxb-e2e-test" },
      body: JSON.stringify(args),
    });
    return (await answer.json()) as { ok: boolean; ts: string; error?: string };
  }

  async function postAsBot(args: Record<string, unknown>): Promise<string> {
    const body = await callAsBot("chat.postMessage", { channel: "C0GENERAL", ...args });
    if (!body.ok) throw new Error(`chat.postMessage failed: ${body.error}`);
    return body.ts;
  }

  /** The kitchen-sink message on this test's page, once drawn. */
  async function drawnSink(): Promise<Locator> {
    const message = ui.page.locator(`.msg[data-ts="${sinkTs}"]`);
    await message.waitFor();
    return message;
  }

  beforeAll(async () => {
    sinkTs = await postAsBot({ text: "Kitchen sink", blocks: KITCHEN_SINK });
  });

  it("draws formatting, mentions, dates and emoji", async () => {
    const sink = await drawnSink();
    const text = sink.locator(".blk-section").first();
    expect(await text.locator("b").first().textContent()).toBe("bold");
    expect(await text.locator("i").first().textContent()).toBe("italic");
    expect(await text.locator("s").first().textContent()).toBe("strike");
    expect(await text.locator("code").first().textContent()).toBe("co*de*");
    const mentions = await text.locator(".mention").allTextContents();
    expect(mentions).toEqual(["@dev.user", "#alerts", "@here", "@oncall"]);
    // The Unix epoch, read in the viewer's zone (New York).
    expect(await text.locator("time.md-date").textContent()).toBe("1969-12-31 7:00 PM");
    const body = (await text.textContent()) ?? "";
    expect(body).toContain("✅");
    expect(body).toContain(":no_such_emoji:");
    expect(await sink.locator(".blk-header").textContent()).toBe("Kitchen sink 🚨");
  });

  it("shows escaped and hostile text literally and never runs it", async () => {
    const { page } = ui;
    const sink = await drawnSink();
    expect(await sink.locator("img, script, iframe").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    const body = (await sink.locator(".blk-section").first().textContent()) ?? "";
    expect(body).toContain("<img src=x onerror=window.__xss=1>");
    expect(await sink.locator(".md-pre").textContent()).toBe("<script>window.__xss=3</script> *not bold*");
    expect(await sink.locator("blockquote").textContent()).toBe("a quote");
    expect(await sink.locator(".section-field").nth(1).textContent()).toBe("<b>plain</b> ❌");
  });

  it("makes links only of safe URLs, opening elsewhere", async () => {
    const sink = await drawnSink();
    expect(await sink.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await sink.textContent()).toContain("click me");
    const link = sink.locator("a", { hasText: "safe link" });
    expect(await link.getAttribute("href")).toBe("https://example.com/a?b=1&c=2");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toContain("noopener");
    // Images are links to the picture, never loaded; a javascript: image is just its alt text.
    expect(await sink.locator(".blk-context a").getAttribute("href")).toBe("https://example.com/logo.png");
    expect(await sink.locator(".blk-image a").count()).toBe(0);
    expect(await sink.locator(".blk-image").textContent()).toContain("bad image");
  });

  it("draws buttons in their styles, overflow menus, and unknown blocks as JSON", async () => {
    const sink = await drawnSink();
    expect(await sink.locator('[data-action-id="kitchen_go"]').getAttribute("class")).toContain(
      "btn-primary",
    );
    expect(await sink.locator('[data-action-id="kitchen_stop"]').getAttribute("class")).toContain(
      "btn-danger",
    );
    await sink.locator('[data-action-id="kitchen_overflow"]').click();
    await sink.locator(".overflow-menu .menu-item", { hasText: "First choice" }).waitFor();
    const unknown = sink.locator('.blk-unknown[data-block-type="plan"]');
    expect(await unknown.locator(".unknown-title").textContent()).toBe("Unsupported block: plan");
    expect(await unknown.locator("pre").textContent()).toContain(
      '"payload": "<img src=x onerror=window.__xss=4>"',
    );
  });

  it("counts thread replies under the parent and opens them in the thread pane", async () => {
    const { page } = ui;
    const parent = await postAsBot({ text: "A parent message" });
    await postAsBot({ text: "First reply", thread_ts: parent });
    await postAsBot({ text: "Second reply", thread_ts: parent });
    const replies = page.locator(`.channel .msg[data-ts="${parent}"] .msg-replies`);
    await page.waitForFunction(
      (ts) =>
        document.querySelector(`.channel .msg[data-ts="${ts}"] .msg-replies`)?.textContent === "2 replies",
      parent,
    );
    expect(await page.locator(".channel .messages").textContent()).not.toContain("First reply");
    await replies.click();
    const pane = page.locator("aside.thread");
    await pane.locator(".msg", { hasText: "Second reply" }).waitFor();
    expect(await pane.locator(".msg").count()).toBe(3);
    await pane.locator(".thread-input").fill("my reply <b>");
    await pane.locator(".thread-input").press("Enter");
    await pane.locator(".msg", { hasText: "my reply <b>" }).waitFor();
    await pane.locator('button[aria-label="Close thread"]').click();
  });

  it("posts what the person types as their message, escaped as Slack does", async () => {
    const { page } = ui;
    await typeInComposer(page, "hello <@nobody> & @dev.user");
    const mine = page.locator(".channel .msg", { hasText: "hello" }).last();
    await mine.waitFor();
    expect(await mine.locator(".msg-body").textContent()).toBe("hello <@nobody> & @dev.user");
    expect(await mine.locator(".mention").textContent()).toBe("@dev.user");
    expect(ui.demo.slack.messages("C0GENERAL").at(-1)?.text).toBe(
      "hello &lt;@nobody&gt; &amp; <@U0DEVUSER|dev.user>",
    );
  });

  it("tells the viewer, as a note from Slackbot, of a message Slack refused and why", async () => {
    const { page } = ui;
    const tooLong = [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }];
    let answer: { error?: string } = {};
    const note = await newMessage(
      page,
      async () => {
        answer = await callAsBot("chat.postMessage", {
          channel: "C0GENERAL",
          text: "refused",
          blocks: tooLong,
        });
      },
      "Slack refused a message from the app",
    );
    expect(answer.error).toBe("invalid_blocks");
    expect(await note.locator(".msg-author").textContent()).toBe("Slackbot");
    const text = (await note.textContent()) ?? "";
    expect(text).toContain("chat.postMessage: invalid_blocks");
    expect(text).toContain("/blocks/0/text/text: is 3001 chars (max 3000)");
  });

  it("tells the viewer of a view Slack refused", async () => {
    const { page } = ui;
    const tooMany = { type: "home", blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) };
    const answer = await callAsBot("views.publish", { user_id: "U0DEVUSER", view: tooMany });
    expect(answer.error).toBe("invalid_arguments");
    const toast = page.locator(".toast", { hasText: "Slack refused a view from the app" });
    await toast.waitFor();
    expect(await toast.textContent()).toContain("/view/blocks: has 101 blocks (max 100)");
  });
});
