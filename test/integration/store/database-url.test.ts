import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_DATABASE_PATH,
  describeDatabaseTarget,
  parseDatabaseUrl,
} from "../../../src/alerts/store/database-url.js";
import { openStore } from "../../../src/alerts/store/open-store.js";

describe("parseDatabaseUrl", () => {
  it.each([
    [undefined, { backend: "sqlite", path: DEFAULT_DATABASE_PATH }],
    ["  ", { backend: "sqlite", path: DEFAULT_DATABASE_PATH }],
    ["./data/bot.db", { backend: "sqlite", path: "./data/bot.db" }],
    ["/var/lib/bot.db", { backend: "sqlite", path: "/var/lib/bot.db" }],
    ["sqlite:./data/bot.db", { backend: "sqlite", path: "./data/bot.db" }],
    ["sqlite:///var/lib/bot.db", { backend: "sqlite", path: "/var/lib/bot.db" }],
    ["file:/tmp/a%20b.db?mode=rwc", { backend: "sqlite", path: "/tmp/a b.db" }],
    ["file:///tmp/bot.db", { backend: "sqlite", path: "/tmp/bot.db" }],
    ["sqlite::memory:", { backend: "sqlite", path: ":memory:" }],
    ["postgres://u:p@db:5432/bot", { backend: "postgres", connectionString: "postgres://u:p@db:5432/bot" }],
    [
      "postgresql://db/bot?sslmode=require",
      { backend: "postgres", connectionString: "postgresql://db/bot?sslmode=require" },
    ],
  ])("%s", (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it("refuses a sqlite: URL without a path", () => {
    expect(() => parseDatabaseUrl("sqlite:")).toThrow(/names no SQLite file/);
  });

  it("hides the password when describing a PostgreSQL target", () => {
    expect(describeDatabaseTarget(parseDatabaseUrl("postgres://bot:s3cret@db:5432/bot"))).toBe(
      "postgres://bot:***@db:5432/bot",
    );
  });
});

describe("openStore on a SQLite path", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("creates missing directories and sets WAL mode", async () => {
    dir = await mkdtemp(join(tmpdir(), "executions-bot-url-"));
    const path = join(dir, "nested", "deeper", "bot.db");
    const store = await openStore(path);
    try {
      expect(store.backend).toBe("sqlite");
      await store.ping();
      expect(existsSync(`${path}-wal`)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("works in memory", async () => {
    const store = await openStore("sqlite::memory:");
    await store.subscribe({
      teamId: "T",
      channelId: "C",
      namespace: "ns",
      retrieverId: "r",
      retrieverName: "R",
      mention: null,
      createdBy: "U",
      now: new Date(0),
    });
    expect(await store.listTeamSubscriptions("T")).toHaveLength(1);
    await store.close();
  });
});
