import { describe, expect, it } from "vitest";
import { loadConfig, secretsOf } from "../../src/config.js";
import { configProblem } from "../helpers/config-problem.js";

const base = {
  SLACK_BOT_TOKEN: "xoxb-1-2-3",
  SLACK_SIGNING_SECRET: "signing-secret",
  MIXPEEK_API_KEY: "sk_key",
  MIXPEEK_NAMESPACE: "demo",
};

const problem = configProblem;

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 3000,
      pageSize: 10,
      logLevel: "info",
      cache: { ttlSeconds: 30 },
      slack: { mode: "http", apiUrl: "https://slack.com/api/" },
      mixpeek: { baseUrl: "https://api.mixpeek.com", namespace: "demo" },
      watcher: { intervalSeconds: 60, rollupThreshold: 5, threadMinutes: 60 },
    });
  });

  it("picks Socket Mode with an app token and no signing secret", () => {
    const { SLACK_SIGNING_SECRET: _, ...rest } = base;
    expect(loadConfig({ ...rest, SLACK_APP_TOKEN: "xapp-1-abc" }).slack.mode).toBe("socket");
    expect(problem({ ...rest, SLACK_APP_TOKEN: "xoxb-wrong-kind" })).toMatch(
      /SLACK_APP_TOKEN must be an app-level token/,
    );
    expect(problem(rest)).toMatch(/SLACK_SIGNING_SECRET is required for HTTP mode/);
  });

  it("names every bad variable in one line and never its value", () => {
    const message = problem({
      ...base,
      PAGE_SIZE: "50",
      MIXPEEK_BASE_URL: "ftp://x",
      CACHE_TTL_SECONDS: "-1",
      LOG_LEVEL: "loud",
    });
    expect(message.split("\n")).toHaveLength(1);
    for (const name of ["PAGE_SIZE", "MIXPEEK_BASE_URL", "CACHE_TTL_SECONDS", "LOG_LEVEL"])
      expect(message).toContain(name);
    expect(message).not.toContain("ftp://x");
    expect(message).not.toContain("loud");
  });

  it("treats blank values as missing", () => {
    expect(problem({ ...base, MIXPEEK_API_KEY: "  " })).toMatch(/MIXPEEK_API_KEY is required/);
  });

  it("adds a trailing slash to SLACK_API_URL and lists the secrets for redaction", () => {
    const config = loadConfig({ ...base, SLACK_API_URL: "http://127.0.0.1:9/api" });
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:9/api/");
    expect(secretsOf(config).sort()).toEqual(["signing-secret", "sk_key", "xoxb-1-2-3"]);
  });

  it("reads MIXPEEK_NAMESPACES as names or ids, or * for any, and refuses a malformed list", () => {
    expect(loadConfig(base).mixpeek.namespaces).toBeUndefined();
    expect(loadConfig({ ...base, MIXPEEK_NAMESPACES: " staging, ns_abc123 ,," }).mixpeek.namespaces).toEqual([
      "staging",
      "ns_abc123",
    ]);
    expect(loadConfig({ ...base, MIXPEEK_NAMESPACES: "*" }).mixpeek.namespaces).toBe("any");
    expect(loadConfig({ ...base, MIXPEEK_NAMESPACES: "  " }).mixpeek.namespaces).toBeUndefined();
    expect(problem({ ...base, MIXPEEK_NAMESPACES: "*,staging" })).toMatch(/MIXPEEK_NAMESPACES is invalid/);
    const bad = problem({ ...base, MIXPEEK_NAMESPACES: "staging,secret-é-name" });
    expect(bad).toMatch(/MIXPEEK_NAMESPACES is invalid \(1 of its entries are not namespace names\)/);
    expect(bad).not.toContain("secret-é-name");
    expect(problem({ ...base, MIXPEEK_NAMESPACE: "a..b" })).toMatch(/MIXPEEK_NAMESPACE is invalid/);
  });

  it("reads SUBSCRIPTION_MANAGERS as user and user group ids", () => {
    expect(loadConfig(base).subscriptionManagers).toBeUndefined();
    expect(
      loadConfig({ ...base, SUBSCRIPTION_MANAGERS: "U0ALICE, S0ONCALL,W0BOB,U0ALICE" }).subscriptionManagers,
    ).toEqual({
      users: ["U0ALICE", "W0BOB"],
      groups: ["S0ONCALL"],
    });
    expect(problem({ ...base, SUBSCRIPTION_MANAGERS: "U0ALICE,@mallory" })).toMatch(
      /SUBSCRIPTION_MANAGERS is invalid \(1 of its entries are neither a user id/,
    );
  });

  it("uses the documented default database for a blank DATABASE_URL", () => {
    expect(loadConfig({ ...base, DATABASE_URL: "" }).databaseUrl).toBe("./data/executions-bot.db");
    expect(loadConfig({ ...base, DATABASE_URL: "   " }).databaseUrl).toBe("./data/executions-bot.db");
  });

  it("knows whether SLACK_API_URL was set", () => {
    expect(loadConfig(base).slack.apiUrlSet).toBe(false);
    expect(loadConfig({ ...base, SLACK_API_URL: "http://127.0.0.1:9/api/" }).slack.apiUrlSet).toBe(true);
  });
});
