/**
 * The secrets a bot scrubs from its log come from its own config, as in production: the harness only
 * says where lines go. A line that carries every secret the bot was started with reaches the run's log
 * file on disk (the one test/global-setup.ts searches) with each of them replaced.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, TEST_SECRETS } from "../../helpers/bot-harness.js";
import { runLogFile } from "../../helpers/log-capture.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The line on disk whose `marker` field is `marker`, parsed. */
function lineOnDisk(marker: string): Record<string, unknown> {
  const file = runLogFile();
  if (!file) throw new Error("TEST_LOG_DIR is not set: the run-wide log check is not running");
  const found = readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.marker === marker);
  expect(found, `one line marked ${marker} in ${file}`).toHaveLength(1);
  return found[0] as Record<string, unknown>;
}

describe("the secrets a bot scrubs from its log", () => {
  it("are the ones in its config: an error carrying each of them is written scrubbed", () => {
    const { botToken, signingSecret, apiKey } = TEST_SECRETS;
    const marker = `scrub-${process.pid}-${Date.now()}`;
    const error = new Error(`Mixpeek said: bad key ${apiKey}; Slack said: bad token ${botToken}`);
    h.bot.deps.logger.error({ err: error, marker, note: `signed with ${signingSecret}` }, `key ${apiKey}`);

    const line = lineOnDisk(marker);
    const text = JSON.stringify(line);
    for (const [name, secret] of Object.entries(TEST_SECRETS)) {
      expect(text, `${name} on disk`).not.toContain(secret);
    }
    expect(line.msg).toBe("key [redacted]");
    expect(line.note).toBe("signed with [redacted]");
    expect((line.err as { message: string }).message).toBe(
      "Mixpeek said: bad key [redacted]; Slack said: bad token [redacted]",
    );
  });
});
