import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, scrubSecrets } from "../../src/logger.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, destination };
}

describe("logger", () => {
  it("scrubs secret values wherever they appear in a line", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", secrets: ["xoxb-123-secret", "sk_live_abc"], destination });
    logger.info(
      { note: "token xoxb-123-secret in text", nested: { deep: ["sk_live_abc"] } },
      "key sk_live_abc",
    );
    logger.error({ err: new Error("upstream said Bearer sk_live_abc is wrong") }, "failed");
    const all = lines.join("");
    expect(all).not.toContain("xoxb-123-secret");
    expect(all).not.toContain("sk_live_abc");
    expect(all.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it("redacts known secret fields by name", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", secrets: [], destination });
    logger.info({ headers: { authorization: "Bearer whatever" }, token: "t", apiKey: "k" }, "request");
    const line = JSON.parse(lines[0]!);
    expect(line.headers.authorization).toBe("[redacted]");
    expect(line.token).toBe("[redacted]");
    expect(line.apiKey).toBe("[redacted]");
  });

  it("writes one JSON object per line with a level label", () => {
    const { lines, destination } = capture();
    createLogger({ level: "info", secrets: [], destination }).warn({ a: 1 }, "hello");
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "warn",
      msg: "hello",
      a: 1,
      service: "executions-bot",
    });
  });

  it("scrubs a longer secret whole when it contains a shorter one", () => {
    expect(scrubSecrets("abcdef-long", ["abcd", "abcdef-long"])).toBe("[redacted]");
  });
});

describe("scrubSecrets and prefixes", () => {
  const secret = "sk_live_0123456789abcdefghij";
  it("scrubs a prefix of 10 characters or more of a long secret, as far as it matches", () => {
    expect(scrubSecrets(`id req-${secret.slice(0, 12)}-x`, [secret])).toBe("id req-[redacted]-x");
    expect(scrubSecrets(`${secret.slice(0, 20)}Z and ${secret}`, [secret])).toBe(
      "[redacted]Z and [redacted]",
    );
  });
  it("leaves a shorter prefix, and short secrets are matched whole only", () => {
    expect(scrubSecrets(`${secret.slice(0, 9)}`, [secret])).toBe(secret.slice(0, 9));
    expect(scrubSecrets("abcdefgh abcd", ["abcdefghij"])).toBe("abcdefgh abcd");
  });
});
