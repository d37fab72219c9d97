import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig, secretsOf } from "../../src/config.js";
import { configProblem } from "../helpers/config-problem.js";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

const distributed = {
  SLACK_CLIENT_ID: "123.456",
  SLACK_CLIENT_SECRET: "client-secret-value",
  SLACK_STATE_SECRET: "state-secret-value",
  SLACK_SIGNING_SECRET: "signing-secret",
  ENCRYPTION_KEY: keyA,
};

const problem = configProblem;

describe("loadConfig in distributed mode", () => {
  it("needs no bot token, Mixpeek key or namespace, and keeps MIXPEEK_BASE_URL", () => {
    const config = loadConfig({ ...distributed, MIXPEEK_BASE_URL: "http://127.0.0.1:4010" });
    expect(config.distribution).toEqual({
      clientId: "123.456",
      clientSecret: "client-secret-value",
      stateSecret: "state-secret-value",
      encryptionKeys: [Buffer.from(keyA, "base64")],
    });
    expect(config.slack.botToken).toBeUndefined();
    expect(config.mixpeek).toMatchObject({
      apiKey: undefined,
      namespace: undefined,
      baseUrl: "http://127.0.0.1:4010",
    });
    expect(secretsOf(config)).toEqual(
      expect.arrayContaining(["client-secret-value", "state-secret-value", "signing-secret", keyA]),
    );
  });

  it("accepts several encryption keys, the first one first", () => {
    const config = loadConfig({ ...distributed, ENCRYPTION_KEY: `${keyB}, ${keyA}` });
    expect(config.distribution?.encryptionKeys).toEqual([
      Buffer.from(keyB, "base64"),
      Buffer.from(keyA, "base64"),
    ]);
  });

  it("names what distributed mode misses, never a value", () => {
    const { ENCRYPTION_KEY: _, SLACK_STATE_SECRET: __, ...rest } = distributed;
    const message = problem(rest);
    expect(message).toContain("SLACK_STATE_SECRET is required for distributed mode");
    expect(message).toContain("ENCRYPTION_KEY is required for distributed mode");
    const short = problem({ ...distributed, ENCRYPTION_KEY: "c2hvcnQ=" });
    expect(short).toMatch(/ENCRYPTION_KEY is invalid \(key 1 is not 32 bytes/);
    expect(short).not.toContain("c2hvcnQ=");
    const { SLACK_SIGNING_SECRET: ___, ...noSecret } = distributed;
    expect(problem(noSecret)).toContain("SLACK_SIGNING_SECRET is required for distributed mode");
  });

  it("stays in single-workspace mode when SLACK_BOT_TOKEN is set, and then needs the Mixpeek key", () => {
    const single = { ...distributed, SLACK_BOT_TOKEN: "xoxb-1", MIXPEEK_NAMESPACE: "demo" };
    expect(problem(single)).toMatch(/MIXPEEK_API_KEY is required/);
    expect(loadConfig({ ...single, MIXPEEK_API_KEY: "sk_1" }).distribution).toBeUndefined();
    expect(problem({ SLACK_SIGNING_SECRET: "s" })).toMatch(/SLACK_BOT_TOKEN is required/);
  });
});
