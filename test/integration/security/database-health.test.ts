/**
 * Issue: the SQLite file deleted or replaced while the bot ran went unnoticed (it kept writing to the
 * unlinked file, and every subscription was gone at the next start); a DATABASE_URL under /proc spun at
 * full CPU instead of failing; /healthz passed the driver's message on, internal host and port included.
 */
import { copyFileSync, renameSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBot } from "../../../src/bot.js";
import { loadConfig } from "../../../src/config.js";
import { type Harness, startHarness, TEST_SECRETS } from "../../helpers/bot-harness.js";
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from "../../helpers/databases.js";
import { botDatabaseUrl } from "../../helpers/replica-process.js";

interface Health {
  ok: boolean;
  checks: Record<string, { ok: boolean; reason?: string }>;
}

async function health(h: Harness): Promise<{ status: number; body: Health; text: string }> {
  const res = await fetch(`${h.bot.url}/healthz`);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Health, text };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("the SQLite file", () => {
  it("deleted while the bot runs turns /healthz 503, naming the database, and is logged", async () => {
    h = await startHarness();
    expect((await health(h)).status).toBe(200);
    const file = join(h.dir, "bot.db");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });

    const after = await health(h);
    expect(after.status).toBe(503);
    expect(after.body.checks.database).toEqual({
      ok: false,
      reason: "the SQLite file was deleted while the bot was running",
    });
    expect(after.body.checks.watcher?.ok).toBe(true);
    expect(h.logs.filter((line) => line.includes("the SQLite file was deleted"))).toHaveLength(1);
  });

  it("replaced while the bot runs turns /healthz 503 too", async () => {
    h = await startHarness();
    const file = join(h.dir, "bot.db");
    copyFileSync(file, join(h.dir, "other.db"));
    renameSync(join(h.dir, "other.db"), file);

    const after = await health(h);
    expect(after.status).toBe(503);
    expect(after.body.checks.database?.reason).toBe("the SQLite file was replaced while the bot was running");
    expect(h.logs.some((line) => line.includes("the SQLite file was replaced"))).toBe(true);
  });
});

describe("a DATABASE_URL the process can never create", () => {
  const env = {
    SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
    SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
    MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
    MIXPEEK_NAMESPACE: "demo",
    PORT: "0",
  };

  it.each([
    ["/proc/executions-bot/data/bot.db", /^DATABASE_URL: cannot create the directory \/proc\/executions-bot/],
    ["/proc/bot.db", /^DATABASE_URL: cannot open the SQLite file \/proc\/bot\.db/],
  ])("%s fails at once with a clear error", async (path, message) => {
    // The bot checks its Slack token before it opens the store: a harness's stand-in answers that.
    const standIn = await startHarness();
    try {
      const config = loadConfig({ ...env, SLACK_API_URL: standIn.slack.apiUrl, DATABASE_URL: path });
      await expect(startBot(config, { logDestination: { write: () => undefined } })).rejects.toThrow(message);
    } finally {
      await standIn.close();
    }
  });
});

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("/healthz with PostgreSQL gone", () => {
  let database: TestDatabase | undefined;
  let proxy: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    proxy?.close();
    await h?.close();
    h = undefined;
    await database?.drop();
  });

  it("names the database, without its host or port", async () => {
    database = await createPostgresDatabase();
    const target = new URL(database.url);
    // The bot reaches PostgreSQL through this proxy, so the test can take the database away.
    proxy = createServer((client) => {
      const server = tcpConnect({ host: target.hostname, port: Number(target.port || 5432) });
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => proxy?.listen(0, "127.0.0.1", resolve));
    const proxyPort = (proxy.address() as { port: number }).port;
    const viaProxy = new URL(botDatabaseUrl(database));
    viaProxy.host = `127.0.0.1:${proxyPort}`;
    h = await startHarness({ env: { DATABASE_URL: viaProxy.toString() } });
    expect((await health(h)).status).toBe(200);

    const closed = new Promise<void>((resolve) => proxy?.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
    const after = await health(h);
    expect(after.status).toBe(503);
    expect(after.body.checks.database?.reason).toMatch(/^the database does not answer/);
    expect(after.text).not.toContain(String(proxyPort));
    expect(after.text).not.toContain("127.0.0.1");
  });
});
