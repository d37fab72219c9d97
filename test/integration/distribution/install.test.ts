/**
 * Distributed mode through the Slack org stand-in: installing with OAuth (state checked), org-wide
 * installs, token rotation, and connecting Mixpeek (admins only, the key checked before it is saved).
 */
import { afterEach, describe, expect, it } from "vitest";
import { TEST_SECRETS } from "../../helpers/secrets.js";
import { ADMIN, type DistributedHarness, startDistributed } from "./harness.js";

let h: DistributedHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const messageText = (reply: { json: unknown }) => JSON.stringify(reply.json);

describe("installing through OAuth", () => {
  it("installs from the consent page, stores the installation encrypted, and says what to do next", async () => {
    h = await startDistributed();
    const result = await h.install("T0ACME");
    expect(result.status).toBe(200);
    expect(result.html).toContain("Executions is installed in");
    expect(result.html).toContain("Acme");
    expect(result.html).toContain("/executions connect");

    const installation = await h.bot.deps.store.getInstallation("T0ACME");
    expect(installation).toMatchObject({ teamId: "T0ACME", teamName: "Acme", isEnterpriseInstall: false });
    const [token] = h.org.tokens();
    expect(installation?.sealed).not.toContain(token?.token);
    expect(h.org.exchanges()).toEqual([{ grantType: "authorization_code", ok: true }]);

    // The bot answers that workspace now, and asks it to connect Mixpeek before anything else.
    const slack = h.team("T0ACME");
    const reply = await slack.slashCommand({ text: "product-search" });
    expect(reply.status).toBe(200);
    expect(messageText(reply)).toContain("Connect Mixpeek first");
    expect(messageText(reply)).toContain("connect_mixpeek");
    await slack.appHomeOpened({ userId: ADMIN });
    const home = await slack.waitFor(() => slack.homeView(ADMIN));
    expect(JSON.stringify(home.blocks)).toContain("Connect Mixpeek first");
  });

  it("refuses a tampered state, a state without its cookie, and a cancelled consent, installing nothing", async () => {
    h = await startDistributed();
    const tampered = await h.install("T0ACME", {
      tamper: (url) => url.searchParams.set("state", `${url.searchParams.get("state")}x`),
    });
    expect(tampered.status).toBe(400);
    expect(tampered.html).toContain("was not installed");
    const foreign = await h.install("T0ACME", { withoutCookie: true });
    expect(foreign.status).toBe(400);
    const cancelled = await h.install("T0ACME", {
      tamper: (url) => {
        url.searchParams.delete("code");
        url.searchParams.set("error", "access_denied");
      },
    });
    expect(cancelled.status).toBe(400);
    expect(await h.bot.deps.store.getInstallation("T0ACME")).toBeNull();
    // No code was ever exchanged for a token.
    expect(h.org.exchanges()).toEqual([]);
  });

  it("installs org-wide on Enterprise Grid: the workspace is the enterprise", async () => {
    h = await startDistributed();
    const result = await h.install("T0GRID1", { orgWide: true });
    expect(result.status).toBe(200);
    const installation = await h.bot.deps.store.getInstallation("E0GRID");
    expect(installation).toMatchObject({ enterpriseId: "E0GRID", isEnterpriseInstall: true, teamId: null });
    expect(await h.bot.deps.store.getInstallation("T0GRID1")).toBeNull();
  });

  it("refreshes a rotating token before it runs out, and keeps the new one encrypted", async () => {
    // Bolt refreshes tokens that expire within two hours: a one-hour token is refreshed on first use.
    h = await startDistributed({ tokenRotation: true, tokenLifetimeSeconds: 3600 });
    await h.install("T0ACME");
    const slack = h.team("T0ACME");
    const reply = await slack.slashCommand({ text: "product-search" });
    expect(messageText(reply)).toContain("Connect Mixpeek first");
    expect(h.org.exchanges().map((e) => e.grantType)).toEqual(["authorization_code", "refresh_token"]);
    const [first, second] = h.org.tokens();
    expect(first?.revoked).toBe(true);
    const installation = await h.bot.deps.store.getInstallation("T0ACME");
    expect(installation?.tokenExpiresAt).not.toBeNull();
    expect(installation?.sealed).not.toContain(second?.token);
    expect(installation?.sealed).not.toContain(second?.refreshToken);
  });
});

describe("connecting Mixpeek", () => {
  it("lets only admins connect, checks the key with Mixpeek first, and shows only its last 4 characters", async () => {
    h = await startDistributed();
    await h.install("T0ACME");
    const slack = h.team("T0ACME");

    const refused = await slack.slashCommand({ text: "connect" });
    await slack.waitFor(() => h?.bot && slack.responses().length > 0);
    expect(JSON.stringify(slack.responses())).toContain("Only workspace admins and owners");
    expect(refused.status).toBe(200);

    const wrong = await h.connect("T0ACME", "sk_not_a_key_mixpeek_knows");
    expect(wrong).toContain("Mixpeek refused this API key");
    expect(await h.bot.deps.store.getConnection("T0ACME")).toBeNull();
    const noNamespace = await h.connect("T0ACME", TEST_SECRETS.mixpeekKeyA, "no-such-namespace");
    expect(noNamespace).toContain("no namespace");
    expect(await h.bot.deps.store.getConnection("T0ACME")).toBeNull();

    const done = await h.connect("T0ACME", TEST_SECRETS.mixpeekKeyA, "demo", "staging");
    expect(done).toContain("Connected");
    expect(done).toContain(TEST_SECRETS.mixpeekKeyA.slice(-4));
    expect(done).not.toContain(TEST_SECRETS.mixpeekKeyA.slice(0, -4));
    const connection = await h.bot.deps.store.getConnection("T0ACME");
    expect(connection).toMatchObject({
      keyLast4: "1111",
      defaultNamespace: "demo",
      allowedNamespaces: ["staging"],
    });
    expect(connection?.sealedApiKey).not.toContain(TEST_SECRETS.mixpeekKeyA);

    const listed = await slack.slashCommand({ text: "product-search" });
    expect(listed.status).toBe(200);
    await slack.waitFor(() => slack.responses().some((r) => JSON.stringify(r).includes("product-search")));

    // Disconnecting: the key is deleted, and commands ask to connect again.
    await slack.slashCommand({ text: "disconnect", userId: ADMIN });
    await slack.waitFor(() =>
      slack.responses().some((r) => JSON.stringify(r).includes("disconnected Mixpeek")),
    );
    expect(await h.bot.deps.store.getConnection("T0ACME")).toBeNull();
    expect(messageText(await slack.slashCommand({ text: "product-search" }))).toContain(
      "Connect Mixpeek first",
    );
  });
});
