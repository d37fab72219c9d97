/** `startDemo`: the three pieces wired together, each on its own port, and cleaned up on close. */
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { Writable } from "node:stream";
import { pageUrl, startDemo } from "@executions-bot/demo";
import { describe, expect, it } from "vitest";

const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });

describe("startDemo", () => {
  it("answers /executions through the page's stand-in, then stops and removes its database", async () => {
    const demo = await startDemo({ port: 0, logDestination: quiet });
    const databaseDir = dirname(demo.bot.deps.config.databaseUrl);
    try {
      expect(demo.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(new URL(demo.url).port).toBe(new URL(demo.slack.url).port);
      expect(demo.bot.deps.config.mixpeek.baseUrl).toBe(demo.simulator.url);
      expect(existsSync(databaseDir)).toBe(true);

      const reply = await demo.slack.slashCommand({ text: "product-search" });
      expect(reply.status).toBe(200);
      const list = await demo.slack.waitFor(() => demo.slack.shownBy(reply.responseUrlId), 5000);
      expect(list.text).toContain("Executions of product-search");

      const config = await (await fetch(`${demo.url}/_standin/ui/config`)).text();
      expect(config).toContain('"command":"/executions"');
      for (const secret of [demo.bot.deps.config.slack.botToken, demo.bot.deps.config.mixpeek.apiKey]) {
        expect(config).not.toContain(secret);
      }
    } finally {
      await demo.close();
    }
    expect(existsSync(databaseDir)).toBe(false);
  });

  it("makes new secrets for every run", async () => {
    const first = await startDemo({ port: 0, logDestination: quiet });
    const second = await startDemo({ port: 0, logDestination: quiet });
    try {
      expect(first.bot.deps.config.slack.signingSecret).not.toBe(second.bot.deps.config.slack.signingSecret);
      expect(first.bot.deps.config.slack.botToken).toMatch(/^xoxb-demo-[0-9a-f]{24}$/);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("prints a whole URL on any port, the default HTTP port included (DEMO_PORT=80)", () => {
    expect(pageUrl("http://127.0.0.1:80")).toBe("http://localhost");
    expect(pageUrl("http://127.0.0.1:80/")).toBe("http://localhost");
    expect(pageUrl("http://127.0.0.1:3000")).toBe("http://localhost:3000");
    expect(pageUrl("http://0.0.0.0:8080")).toBe("http://localhost:8080");
  });
});
