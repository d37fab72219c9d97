/**
 * Distributed mode on loopback: the bot with OAuth installs, a Slack org of several workspaces (one Web
 * API address, a consent page, oauth.v2.access), and a Mixpeek simulator with one account per API key.
 * `install` plays a person's browser through Slack's consent page (cookies included); `connect` plays an
 * admin typing `/executions connect` and filling in the modal.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type OrgTeam, type SlackOrg, type SlackStandIn, startSlackOrg } from "@executions-bot/slack-standin";
import { type RunningBot, startBot } from "../../../src/bot.js";
import { loadConfig } from "../../../src/config.js";
import { CONNECT_BLOCK_IDS, CONNECT_INPUT_ACTION_ID } from "../../../src/views/connection/connection.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { type RefusalWatch, stopWatching, watchRefusals } from "../../helpers/refused-blocks.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";

export const CLIENT_ID = "1111.2222";
export const ADMIN = "U0ADMIN";
export const TEAMS: OrgTeam[] = [
  { teamId: "T0ACME", teamName: "Acme" },
  { teamId: "T0BRAVO", teamName: "Bravo" },
  { teamId: "T0GRID1", teamName: "Grid One", enterpriseId: "E0GRID" },
];

export interface DistributedHarness {
  sim: Simulator;
  org: SlackOrg;
  bot: RunningBot;
  logs: string[];
  dir: string;
  databaseUrl: string;
  /** The stand-in of one workspace, with an admin (ADMIN) in it. */
  team(teamId: string): SlackStandIn;
  install(teamId: string, options?: InstallOptions): Promise<InstallResult>;
  /** Connects a workspace to Mixpeek as its admin would; resolves with the modal as it ends. */
  connect(teamId: string, apiKey: string, namespace?: string, others?: string): Promise<string>;
  /** Stops the bot and starts it again on the same database, with these variables changed. */
  restart(env: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface InstallOptions {
  /** The org-wide choice on the consent page (Enterprise Grid). */
  orgWide?: boolean;
  /** Changes the redirect Slack sends the browser back with (a forged or replayed state). */
  tamper?: (redirect: URL) => void;
  /** Drop the state cookie, as a link opened in another browser would. */
  withoutCookie?: boolean;
}

export interface InstallResult {
  status: number;
  html: string;
}

export interface DistributedOptions {
  databaseUrl?: string;
  env?: Record<string, string>;
  tokenRotation?: boolean;
  tokenLifetimeSeconds?: number;
}

export async function startDistributed(options: DistributedOptions = {}): Promise<DistributedHarness> {
  const sim = await startSimulator({
    apiKey: TEST_SECRETS.mixpeekKeyA,
    accounts: [TEST_SECRETS.mixpeekKeyB],
  });
  const org = await startSlackOrg({
    clientId: CLIENT_ID,
    clientSecret: TEST_SECRETS.clientSecret,
    signingSecret: TEST_SECRETS.signingSecret,
    teams: TEAMS,
    ...(options.tokenRotation ? { tokenRotation: true } : {}),
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  });
  const refusals: RefusalWatch[] = TEAMS.map((t) => watchRefusals(org.team(t.teamId)));
  for (const { teamId } of TEAMS) org.team(teamId).putUser({ id: ADMIN, name: "admin", isAdmin: true });
  const dir = mkdtempSync(join(tmpdir(), "executions-bot-distributed-"));
  const databaseUrl = options.databaseUrl ?? join(dir, "bot.db");
  const { lines: logs, destination } = captureLogs();
  const env: Record<string, string> = {
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: TEST_SECRETS.clientSecret,
    SLACK_STATE_SECRET: TEST_SECRETS.stateSecret,
    SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
    SLACK_API_URL: org.apiUrl,
    ENCRYPTION_KEY: TEST_SECRETS.encryptionKey,
    PORT: "0",
    MIXPEEK_BASE_URL: sim.url,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "debug",
    ...options.env,
  };
  const start = (changed: Record<string, string> = {}) =>
    startBot(loadConfig({ ...env, ...changed }), {
      logDestination: destination,
      mixpeek: {
        retry: { baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 3000 },
        timeouts: { responseMs: 5000 },
      },
    });
  let bot = await start();
  const point = () => {
    org.setBotUrl(`${bot.url}/slack/events`);
    org.setRedirectUrl(`${bot.url}/slack/oauth_redirect`);
  };
  point();

  const harness: DistributedHarness = {
    sim,
    org,
    get bot() {
      return bot;
    },
    logs,
    dir,
    databaseUrl,
    team: (teamId) => org.team(teamId),
    async install(teamId, installOptions = {}) {
      // The bot's install link: straight to Slack's consent page, with the state in a cookie too.
      const start = await fetch(`${bot.url}/slack/install`, { redirect: "manual" });
      const consentUrl = start.headers.get("location");
      const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      if (start.status !== 302 || !consentUrl) throw new Error(`/slack/install answered ${start.status}`);
      const consent = await (await fetch(consentUrl)).text();
      const name = TEAMS.find((t) => t.teamId === teamId)?.teamName ?? teamId;
      const enterprise = TEAMS.find((t) => t.teamId === teamId)?.enterpriseId;
      const label = installOptions.orgWide ? `the whole ${enterprise} org` : name;
      const allow = [...consent.matchAll(/<a class="allow" href="([^"]+)">Allow in ([^<]+)<\/a>/g)].find(
        (match) => match[2] === label,
      )?.[1];
      if (!allow) throw new Error(`no "Allow in ${label}" on the consent page`);
      const approved = await fetch(new URL(allow.replaceAll("&amp;", "&"), org.url), { redirect: "manual" });
      const back = new URL(approved.headers.get("location") ?? "");
      installOptions.tamper?.(back);
      const done = await fetch(back, { headers: installOptions.withoutCookie ? {} : { cookie } });
      return { status: done.status, html: await done.text() };
    },
    async connect(teamId, apiKey, namespace = "demo", others = "") {
      const slack = org.team(teamId);
      const before = slack.views().length;
      await slack.slashCommand({ text: "connect", userId: ADMIN });
      const modal = await slack.waitFor(() =>
        slack
          .views()
          .slice(before)
          .find((v) => v.callback_id === "connect_mixpeek_modal"),
      );
      const value = (text: string) => ({
        [CONNECT_INPUT_ACTION_ID]: { type: "plain_text_input", value: text },
      });
      await slack.viewSubmission({
        viewId: modal.id,
        userId: ADMIN,
        values: {
          [CONNECT_BLOCK_IDS.apiKey]: value(apiKey),
          [CONNECT_BLOCK_IDS.defaultNamespace]: value(namespace),
          [CONNECT_BLOCK_IDS.namespaces]: value(others),
        },
      });
      // The modal shows "Checking…", then how it went.
      const ended = await slack.waitFor(() => {
        const text = JSON.stringify(slack.views().find((v) => v.id === modal.id)?.blocks ?? []);
        return text.includes("Checking") ? undefined : text;
      });
      return ended;
    },
    async restart(changed) {
      await bot.stop();
      bot = await start(changed);
      point();
    },
    async close() {
      await bot.stop();
      await org.close();
      await sim.close();
      for (const watch of refusals) stopWatching(watch);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
