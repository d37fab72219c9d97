/**
 * Hardening: a replayed request must be refused by every replica, not only the one that saw it first.
 * Two bots share one PostgreSQL schema, as replicas behind a load balancer do; the same signed request
 * sent to the first and then to the second is handled once.
 */
import { signedHeaders } from "@executions-bot/slack-standin";
import { afterAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, TEST_SECRETS } from "../../helpers/bot-harness.js";
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from "../../helpers/databases.js";
import { botDatabaseUrl } from "../../helpers/replica-process.js";

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("two replicas on one PostgreSQL", () => {
  let database: TestDatabase | undefined;
  const replicas: Harness[] = [];
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await database?.drop();
  });

  it("refuse a request the other one already handled", async () => {
    database = await createPostgresDatabase();
    const env = { DATABASE_URL: botDatabaseUrl(database) };
    replicas.push(await startHarness({ env }), await startHarness({ env }));
    const [first, second] = replicas as [Harness, Harness];

    const body = new URLSearchParams({
      command: "/executions",
      text: "help",
      user_id: "U0DEVUSER",
      channel_id: "C0GENERAL",
      team_id: "T0STANDIN",
      trigger_id: "trigger-replayed",
      response_url: `${first.slack.url}/response/none`,
    }).toString();
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders(TEST_SECRETS.signingSecret, body, Math.floor(Date.now() / 1000)),
    };
    expect((await first.slack.sendRaw(body, headers)).status).toBe(200);
    const replayed = await second.slack.sendRaw(body, headers);
    expect(replayed.status).toBe(401);
    expect(second.handled("command")).toBe(0);
    expect(second.logs.some((line) => line.includes('"reason":"replayed"'))).toBe(true);
    // Sent back to the first one, it is refused there too.
    expect((await first.slack.sendRaw(body, headers)).status).toBe(401);
  });
});
