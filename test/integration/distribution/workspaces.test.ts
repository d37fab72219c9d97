/**
 * Two workspaces on one bot, each with its own Mixpeek key (the simulator gives each key its own
 * account): each sees only its own retrievers, subscriptions, Home and alerts; a request from one naming
 * the other's rows is refused; leaving (uninstall, revoked tokens) deletes everything of that workspace and
 * nothing else; and no key or token is ever in the database, the logs or a message in the clear.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeSubscriptionRef } from "../../../src/subscriptions/subscription-ref.js";
import { UNSUBSCRIBE_ACTION_ID } from "../../../src/views/subscriptions/subscriptions.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../../helpers/databases.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";
import { type DistributedHarness, startDistributed } from "./harness.js";

const A = "T0ACME";
const B = "T0BRAVO";
const ALERTS = "C0ALERTS";
const backends = [
  { backend: "sqlite" as const, enabled: true },
  { backend: "postgres" as const, enabled: await postgresAvailable() },
];

let h: DistributedHarness | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  await h?.close();
  await database?.drop();
  h = undefined;
  database = undefined;
});

/** What a command's answer says, once it is shown. */
async function ask(harness: DistributedHarness, teamId: string, text: string, channelId?: string) {
  const slack = harness.team(teamId);
  const reply = await slack.slashCommand({ text, ...(channelId ? { channelId } : {}) });
  expect(reply.status).toBe(200);
  const shown = await slack.waitFor(() => slack.shownBy(reply.responseUrlId));
  return JSON.stringify(shown);
}

async function twoConnectedWorkspaces(harness: DistributedHarness) {
  for (const teamId of [A, B]) expect((await harness.install(teamId)).status).toBe(200);
  expect(await harness.connect(A, TEST_SECRETS.mixpeekKeyA)).toContain("Connected");
  expect(await harness.connect(B, TEST_SECRETS.mixpeekKeyB)).toContain("Connected");
  harness.sim.account(TEST_SECRETS.mixpeekKeyB).addRetriever("demo", "bravo-search", {
    executions: 6,
    failureRate: 0,
  });
}

describe.each(backends)("two workspaces on $backend", ({ backend, enabled }) => {
  it.skipIf(!enabled)(
    "keep their retrievers, subscriptions, Home and alerts apart; leaving deletes one and nothing else",
    async () => {
      database = await createTestDatabase(backend);
      const databaseUrl = backend === "postgres" ? `${database.url}?schema=${database.schema}` : database.url;
      h = await startDistributed({ databaseUrl });
      await twoConnectedWorkspaces(h);

      // Each key reads its own account.
      expect(await ask(h, A, "product-search")).toContain("product-search");
      const aAsksB = await ask(h, A, "bravo-search");
      expect(aAsksB).not.toContain("Next");
      expect(aAsksB).toMatch(/no retriever|not found|did you mean/i);
      expect(await ask(h, B, "bravo-search")).toContain("bravo-search");
      expect(await ask(h, B, "product-search")).toMatch(/no retriever|not found|did you mean/i);

      // Subscriptions: each lists only its own.
      expect(await ask(h, A, "subscribe product-search", ALERTS)).toContain("product-search");
      expect(await ask(h, B, "subscribe bravo-search", ALERTS)).toContain("bravo-search");
      const aList = await ask(h, A, "subscriptions", ALERTS);
      expect(aList).toContain("product-search");
      expect(aList).not.toContain("bravo-search");
      const [bSub] = await h.bot.deps.store.listTeamSubscriptions(B);
      expect(bSub).toMatchObject({ workspaceId: B, retrieverName: "bravo-search" });

      // Home: A's shows A's subscription, never B's.
      await h.team(A).appHomeOpened();
      const home = JSON.stringify(await h.team(A).waitFor(() => h?.team(A).homeView()));
      expect(home).toContain("product-search");
      expect(home).not.toContain("bravo-search");

      // A button in A carrying B's subscription id (same channel id) changes nothing.
      const clicked = await h.team(A).blockAction({
        channelId: ALERTS,
        action: { action_id: UNSUBSCRIBE_ACTION_ID, value: encodeSubscriptionRef(bSub?.id ?? 0) },
      });
      expect(clicked.status).toBe(200);
      // Refused as a stale or altered button ("invalid"), before any change.
      await h
        .team(A)
        .waitFor(() =>
          h?.logs.some(
            (line) =>
              line.includes(`"name":"${UNSUBSCRIBE_ACTION_ID}"`) && line.includes('"outcome":"invalid"'),
          ),
        );
      expect(await h.bot.deps.store.getSubscription(bSub?.id ?? 0)).not.toBeNull();

      // A failure in B's account is told in B, with B's token, and not in A.
      h.sim.account(TEST_SECRETS.mixpeekKeyB).failNow("demo", "bravo-search", { error: "bravo index gone" });
      await h.bot.deps.watcher.runRound();
      const bAlert = await h.team(B).waitFor(() =>
        h
          ?.team(B)
          .messages(ALERTS)
          .find((m) => JSON.stringify(m).includes("bravo index gone")),
      );
      expect(bAlert).toBeDefined();
      expect(JSON.stringify(h.team(A).messages())).not.toContain("bravo");
      const bToken = h.org.tokens().find((t) => t.teamId === B)?.token;
      expect(bToken).toBeDefined();

      // Nothing secret in the clear: the database, the logs, any message or view.
      const secrets = [
        TEST_SECRETS.mixpeekKeyA,
        TEST_SECRETS.mixpeekKeyB,
        ...h.org.tokens().map((t) => t.token),
      ];
      const stored =
        backend === "sqlite" ? sqliteBytes(database.url) : JSON.stringify(await allRows(database));
      expect(stored).toContain("T0BRAVO");
      for (const secret of secrets) {
        expect(stored).not.toContain(secret);
        expect(h.logs.join("")).not.toContain(secret);
        for (const teamId of [A, B, "T0GRID1"]) {
          const slack = h.team(teamId);
          const shown = JSON.stringify([
            slack.messages(),
            slack.responses(),
            slack.views(),
            slack.ephemerals(),
          ]);
          expect(shown).not.toContain(secret);
        }
      }

      // B uninstalls: everything of B goes, A keeps everything.
      await h.org.uninstall(B);
      // Slack gets its 200 first; the bot deletes right after.
      await waitForHandled(h, "tokens_revoked", 1);
      expect(await h.bot.deps.store.getInstallation(B)).toBeNull();
      expect(await h.bot.deps.store.getConnection(B)).toBeNull();
      expect(await h.bot.deps.store.listTeamSubscriptions(B)).toEqual([]);
      expect((await h.bot.deps.store.listWatches()).map((w) => w.workspaceId)).toEqual([A]);
      expect(await h.bot.deps.store.getInstallation(A)).not.toBeNull();
      expect(await h.bot.deps.store.getConnection(A)).not.toBeNull();
      expect(await h.bot.deps.store.listTeamSubscriptions(A)).toHaveLength(1);
      // Its watches stop: the next round makes no call with B's key.
      h.sim.account(TEST_SECRETS.mixpeekKeyB).resetCalls();
      await h.bot.deps.watcher.runRound();
      expect(h.sim.account(TEST_SECRETS.mixpeekKeyB).calls()).toEqual([]);

      // An admin revokes A's token: A goes the same way.
      await h.org.revokeTokens(A);
      await waitForHandled(h, "tokens_revoked", 2);
      expect(await h.bot.deps.store.getInstallation(A)).toBeNull();
      expect(await h.bot.deps.store.getConnection(A)).toBeNull();
      expect(await h.bot.deps.store.listWatches()).toEqual([]);
    },
  );
});

describe("ENCRYPTION_KEY rotation", () => {
  it("reads rows sealed with the old key once a new key is put in front of it", async () => {
    h = await startDistributed();
    await h.install(A);
    expect(await h.connect(A, TEST_SECRETS.mixpeekKeyA)).toContain("Connected");
    const before = await h.bot.deps.store.getConnection(A);

    const newKey = Buffer.alloc(32, 7).toString("base64");
    await h.restart({ ENCRYPTION_KEY: `${newKey},${TEST_SECRETS.encryptionKey}` });
    // The installation (Bolt's authorize) and the Mixpeek key (the list) both open with the old key.
    expect(await ask(h, A, "product-search")).toContain("product-search");

    // A new connection is sealed with the new key: the old key alone cannot read it any more.
    expect(await h.connect(A, TEST_SECRETS.mixpeekKeyA, "demo", "*")).toContain("Connected");
    const after = await h.bot.deps.store.getConnection(A);
    expect(after?.sealedApiKey.split(".")[1]).not.toBe(before?.sealedApiKey.split(".")[1]);
    await h.restart({ ENCRYPTION_KEY: TEST_SECRETS.encryptionKey });
    const refused = await ask(h, A, "product-search");
    expect(refused).not.toContain("Next");
  });
});

/** Waits until the bot logged `count` handled events of this name (it acks events before handling them). */
async function waitForHandled(harness: DistributedHarness, name: string, count: number): Promise<void> {
  const done = () =>
    harness.logs.filter((line) => line.includes(`"name":"${name}"`) && line.includes('"outcome"')).length;
  await harness.team(A).waitFor(() => done() >= count, 5000);
}

function sqliteBytes(url: string): string {
  const path = url.replace(/^sqlite:/, "");
  const dir = path.slice(0, path.lastIndexOf("/"));
  return readdirSync(dir)
    .filter((name) => name.startsWith(path.slice(path.lastIndexOf("/") + 1)))
    .map((name) => readFileSync(join(dir, name)).toString("latin1"))
    .join("\n");
}

async function allRows(database: TestDatabase): Promise<unknown[]> {
  const tables = await database.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = '${database.schema}'`,
  );
  const rows: unknown[] = [];
  for (const { table_name } of tables) rows.push(...(await database.query(`select * from "${table_name}"`)));
  return rows;
}

describe("a token revoked without Slack telling the bot", () => {
  it("marks that workspace's subscriptions broken and still tells the other workspace its failures", async () => {
    h = await startDistributed();
    await twoConnectedWorkspaces(h);
    expect(await ask(h, A, "subscribe product-search", ALERTS)).toContain("product-search");
    expect(await ask(h, B, "subscribe bravo-search", ALERTS)).toContain("bravo-search");
    await h.org.revokeTokens(A, { notify: false });

    h.sim.failNow("demo", "product-search", { error: "acme index gone" });
    h.sim.account(TEST_SECRETS.mixpeekKeyB).failNow("demo", "bravo-search", { error: "bravo index gone" });
    await h.bot.deps.watcher.runRound();

    // B is told; A's subscription says why it stopped (its Home shows it once it is reinstalled).
    expect(JSON.stringify(h.team(B).messages(ALERTS))).toContain("bravo index gone");
    const [aSub] = await h.bot.deps.store.listTeamSubscriptions(A);
    expect(aSub?.brokenReason).toBe("token_revoked");
    expect(JSON.stringify(h.team(A).messages(ALERTS))).not.toContain("acme index gone");
  });
});
