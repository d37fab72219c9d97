import { startSlackStandIn } from "@executions-bot/slack-standin";
import { App } from "@slack/bolt";
import { LogLevel } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { ClosingSocketModeReceiver } from "../../../src/slack/socket-mode-receiver.js";

/** Keeps what the socket client logs at warn and above, where an interrupted close shows up. */
function recordingLogger() {
  const problems: string[] = [];
  const keep = (...parts: unknown[]) => problems.push(parts.map(String).join(" "));
  return {
    problems,
    logger: {
      debug: () => {},
      info: () => {},
      warn: keep,
      error: keep,
      setLevel: () => {},
      getLevel: () => LogLevel.WARN,
      setName: () => {},
    },
  };
}

describe("ClosingSocketModeReceiver", () => {
  it("resolves stop() only after the close handshake, so Slack can go away right after", async () => {
    const standIn = await startSlackStandIn({});
    const { logger, problems } = recordingLogger();
    const receiver = new ClosingSocketModeReceiver({
      appToken: "xapp-1-closing",
      installerOptions: { clientOptions: { slackApiUrl: standIn.apiUrl } },
      logger,
    });
    const app = new App({
      token: "xoxb-closing",
      receiver,
      logger,
      clientOptions: { slackApiUrl: standIn.apiUrl },
    });
    await app.start();
    expect(standIn.socketConnected()).toBe(true);

    await app.stop();
    // Bolt's own receiver would still be mid-handshake here, and the stand-in's close would cut it.
    await standIn.close();
    expect(standIn.socketConnections().at(-1)).toMatchObject({ closeCode: 1000, dropped: false });
    expect(problems).toEqual([]);
  });

  it("stops at once when it never connected", async () => {
    const receiver = new ClosingSocketModeReceiver({ appToken: "xapp-1-never", logLevel: LogLevel.ERROR });
    await expect(receiver.stop()).resolves.toBeUndefined();
  });
});
