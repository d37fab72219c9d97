/**
 * Several Slack workspaces behind one Web API address, with OAuth: what a distributed app sees of Slack.
 * Each workspace is a full stand-in of its own (messages, views, signed requests to the bot); in front of
 * them, one server plays Slack's consent page (`/oauth/v2/authorize`), `oauth.v2.access` (codes, and
 * refresh tokens when token rotation is on), and routes every other Web API call to the workspace its
 * token was issued for. A token the workspace revoked, or one that expired, is refused as Slack does.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type SlackStandIn, startSlackStandIn } from "../index.js";
import { readBody } from "../server.js";
import type { Channel } from "../types.js";
import { renderConsentPage } from "./consent-page.js";

export interface OrgTeam {
  teamId: string;
  teamName?: string;
  /** The Enterprise Grid org the workspace is in. */
  enterpriseId?: string;
  channels?: Channel[];
}

export interface SlackOrgOptions {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
  teams: OrgTeam[];
  /** The app's redirect URL (`/slack/oauth_redirect` on the bot); may be set later. */
  redirectUrl?: string;
  /** The bot's request URL for every workspace; may be set later. */
  botUrl?: string;
  /** Token rotation on: tokens expire after `tokenLifetimeSeconds` and come with a refresh token. */
  tokenRotation?: boolean;
  tokenLifetimeSeconds?: number;
  host?: string;
}

/** A token as the stand-in issued it. */
export interface IssuedToken {
  token: string;
  /** The team whose stand-in answers its calls. */
  teamId: string;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
  revoked: boolean;
  expiresAt: number | undefined;
  refreshToken: string | undefined;
}

export interface SlackOrg {
  url: string;
  apiUrl: string;
  /** The stand-in of one workspace: its users' actions, messages, views. */
  team(teamId: string): SlackStandIn;
  setBotUrl(url: string): void;
  setRedirectUrl(url: string): void;
  /** Tokens issued so far (oldest first), for assertions. */
  tokens(): IssuedToken[];
  /** Calls to oauth.v2.access, by grant type. */
  exchanges(): Array<{ grantType: string; ok: boolean; error?: string }>;
  /**
   * The workspace removes the app: its tokens stop working and Slack sends `app_uninstalled`
   * (and `tokens_revoked`, as Slack does); resolves once the bot answered both.
   */
  uninstall(teamId: string): Promise<void>;
  /**
   * An admin revokes the bot token: it stops working and Slack sends `tokens_revoked` (unless `notify` is
   * false: the event lost on its way, so the bot only learns it from the next refused call).
   */
  revokeTokens(teamId: string, options?: { notify?: boolean }): Promise<void>;
  close(): Promise<void>;
}

interface PendingCode {
  teamId: string;
  isEnterpriseInstall: boolean;
  scopes: string;
  redirectUri: string | undefined;
}

const APP_ID = "A0STANDIN";
const BOT_USER = "U0STANDBOT";

export async function startSlackOrg(options: SlackOrgOptions): Promise<SlackOrg> {
  const teams = new Map<string, { info: OrgTeam; standIn: SlackStandIn }>();
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) html(res, 500, String(error));
      else res.end();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  for (const info of options.teams) {
    const standIn = await startSlackStandIn({
      teamId: info.teamId,
      // Response and upload URLs on the one address, as Slack's are on its own hosts.
      publicUrl: `${url}/t/${info.teamId}`,
      signingSecret: options.signingSecret,
      ...(info.enterpriseId ? { enterpriseId: info.enterpriseId } : {}),
      ...(info.channels ? { channels: info.channels } : {}),
      ...(options.botUrl ? { botUrl: options.botUrl } : {}),
      transport: "http",
    });
    teams.set(info.teamId, { info, standIn });
  }
  const codes = new Map<string, PendingCode>();
  const issued: IssuedToken[] = [];
  const exchanges: Array<{ grantType: string; ok: boolean; error?: string }> = [];
  let redirectUrl = options.redirectUrl;
  const random = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;
  const teamOf = (teamId: string) => {
    const found = teams.get(teamId);
    if (!found) throw new Error(`No team ${teamId} in the Slack org stand-in`);
    return found;
  };

  function issue(teamId: string, isEnterpriseInstall: boolean): IssuedToken {
    const rotating = options.tokenRotation === true;
    const token: IssuedToken = {
      token: rotating ? random(`xoxe.xoxb-${teamId}-`) : random(`xoxb-${teamId}-`),
      teamId,
      enterpriseId: teamOf(teamId).info.enterpriseId,
      isEnterpriseInstall,
      revoked: false,
      expiresAt: rotating ? Date.now() + (options.tokenLifetimeSeconds ?? 43_200) * 1000 : undefined,
      refreshToken: rotating ? random("xoxe-1-") : undefined,
    };
    issued.push(token);
    return token;
  }

  function grant(token: IssuedToken, scopes: string) {
    const { info } = teamOf(token.teamId);
    return {
      ok: true,
      app_id: APP_ID,
      authed_user: { id: "U0DEVUSER" },
      scope: scopes,
      token_type: "bot",
      access_token: token.token,
      bot_user_id: BOT_USER,
      team: token.isEnterpriseInstall ? null : { id: info.teamId, name: info.teamName ?? info.teamId },
      enterprise: info.enterpriseId ? { id: info.enterpriseId, name: `${info.enterpriseId} org` } : null,
      is_enterprise_install: token.isEnterpriseInstall,
      ...(token.expiresAt !== undefined
        ? { refresh_token: token.refreshToken, expires_in: Math.round((token.expiresAt - Date.now()) / 1000) }
        : {}),
    };
  }

  function exchange(args: URLSearchParams, authorization: string | undefined): Record<string, unknown> {
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "")?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
    const clientId = args.get("client_id") ?? basicId;
    const clientSecret = args.get("client_secret") ?? basicSecret;
    const grantType = args.get("grant_type") ?? "authorization_code";
    const fail = (error: string) => {
      exchanges.push({ grantType, ok: false, error });
      return { ok: false, error };
    };
    if (clientId !== options.clientId) return fail("invalid_client_id");
    if (clientSecret !== options.clientSecret) return fail("bad_client_secret");
    if (grantType === "refresh_token") {
      const old = issued.find(
        (t) => t.refreshToken !== undefined && t.refreshToken === args.get("refresh_token"),
      );
      if (!old || old.revoked) return fail("invalid_refresh_token");
      // The refresh token is used up, and the old access token stops working with it.
      old.refreshToken = undefined;
      old.revoked = true;
      exchanges.push({ grantType, ok: true });
      return grant(issue(old.teamId, old.isEnterpriseInstall), "");
    }
    const code = codes.get(args.get("code") ?? "");
    if (!code) return fail("invalid_code");
    codes.delete(args.get("code") ?? "");
    const redirectUri = args.get("redirect_uri") ?? undefined;
    if (code.redirectUri !== undefined && redirectUri !== code.redirectUri) return fail("bad_redirect_uri");
    exchanges.push({ grantType, ok: true });
    return grant(issue(code.teamId, code.isEnterpriseInstall), code.scopes);
  }

  async function forward(method: string, req: IncomingMessage, res: ServerResponse, body: string) {
    const form = req.headers["content-type"]?.includes("application/json")
      ? undefined
      : new URLSearchParams(body);
    const bearer =
      /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? form?.get("token") ?? undefined;
    const token = issued.find((t) => t.token === bearer);
    const refuse = (error: string) => json(res, 200, { ok: false, error });
    if (!token) return refuse(bearer ? "invalid_auth" : "not_authed");
    if (token.revoked) return refuse("token_revoked");
    if (token.expiresAt !== undefined && token.expiresAt <= Date.now()) return refuse("token_expired");
    const target = teamOf(token.teamId).standIn;
    const answer = await fetch(`${target.apiUrl}${method}`, {
      method: "POST",
      headers: {
        ...(req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      },
      body,
    });
    relay(answer, res);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  function consent(url: URL, res: ServerResponse) {
    const state = url.searchParams.get("state") ?? "";
    const scopes = url.searchParams.get("scope") ?? "";
    const redirectUri = url.searchParams.get("redirect_uri") ?? undefined;
    if (url.searchParams.get("client_id") !== options.clientId) return html(res, 400, "Invalid client_id");
    const allow = (teamId: string, org: boolean) => {
      const params = new URLSearchParams({
        team: teamId,
        state,
        scope: scopes,
        ...(org ? { org: "1" } : {}),
      });
      if (redirectUri) params.set("redirect_uri", redirectUri);
      return `/oauth/v2/authorize/allow?${params}`;
    };
    const choices = [...teams.values()].flatMap(({ info }) => [
      { allowUrl: allow(info.teamId, false), label: info.teamName ?? info.teamId },
      ...(info.enterpriseId
        ? [{ allowUrl: allow(info.teamId, true), label: `the whole ${info.enterpriseId} org` }]
        : []),
    ]);
    const cancel = `${redirectUri ?? redirectUrl ?? "/"}?${new URLSearchParams({ error: "access_denied", state })}`;
    html(
      res,
      200,
      renderConsentPage({ scopes: scopes.split(",").filter(Boolean), choices, cancelUrl: cancel }),
    );
  }

  function allow(url: URL, res: ServerResponse) {
    const teamId = url.searchParams.get("team") ?? "";
    if (!teams.has(teamId)) return html(res, 400, "No such workspace");
    const redirectUri = url.searchParams.get("redirect_uri") ?? undefined;
    const target = redirectUri ?? redirectUrl;
    if (!target) return html(res, 400, "The app has no redirect URL");
    const code = random("code-");
    codes.set(code, {
      teamId,
      isEnterpriseInstall: url.searchParams.get("org") === "1",
      scopes: url.searchParams.get("scope") ?? "",
      redirectUri,
    });
    const params = new URLSearchParams({ code, state: url.searchParams.get("state") ?? "" });
    res.writeHead(302, { location: `${target}?${params}` });
    res.end();
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const [, area, method] = url.pathname.split("/");
    if (url.pathname === "/oauth/v2/authorize" && req.method === "GET") return consent(url, res);
    if (url.pathname === "/oauth/v2/authorize/allow" && req.method === "GET") return allow(url, res);
    if (area === "t" && method && teams.has(method)) return passThrough(method, url, req, res);
    if (area === "api" && method) {
      const body = req.method === "GET" ? url.search.slice(1) : await readBody(req);
      if (method === "oauth.v2.access") {
        return json(res, 200, exchange(new URLSearchParams(body), req.headers.authorization));
      }
      return forward(method, req, res, body);
    }
    html(res, 404, "Not found");
  }

  /** `/t/<team>/…`: a workspace's response and upload URLs, answered by its own stand-in. */
  async function passThrough(teamId: string, url: URL, req: IncomingMessage, res: ServerResponse) {
    const target = teamOf(teamId).standIn;
    const path = url.pathname.slice(`/t/${teamId}`.length) || "/";
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readRaw(req);
    const answer = await fetch(`${target.url}${path}${url.search}`, {
      method: req.method ?? "GET",
      headers: req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {},
      ...(body ? { body: new Uint8Array(body) } : {}),
      redirect: "manual",
    });
    relay(answer, res);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  const revoke = (teamId: string) => {
    for (const token of issued) if (token.teamId === teamId) token.revoked = true;
  };
  const expectOk = async (reply: Promise<{ status: number }>, what: string) => {
    const { status } = await reply;
    if (status !== 200) throw new Error(`the bot answered ${what} with HTTP ${status}`);
  };

  return {
    url,
    apiUrl: `${url}/api/`,
    team: (teamId) => teamOf(teamId).standIn,
    setBotUrl: (next) => {
      for (const { standIn } of teams.values()) standIn.setBotUrl(next);
    },
    setRedirectUrl: (next) => {
      redirectUrl = next;
    },
    tokens: () => issued.map((token) => ({ ...token })),
    exchanges: () => exchanges.map((entry) => ({ ...entry })),
    async uninstall(teamId) {
      revoke(teamId);
      const standIn = teamOf(teamId).standIn;
      await expectOk(standIn.sendEvent({ type: "app_uninstalled" }), "app_uninstalled");
      await expectOk(
        standIn.sendEvent({ type: "tokens_revoked", tokens: { oauth: [], bot: [BOT_USER] } }),
        "tokens_revoked",
      );
    },
    async revokeTokens(teamId, revokeOptions = {}) {
      revoke(teamId);
      if (revokeOptions.notify === false) return;
      await expectOk(
        teamOf(teamId).standIn.sendEvent({ type: "tokens_revoked", tokens: { oauth: [], bot: [BOT_USER] } }),
        "tokens_revoked",
      );
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([...teams.values()].map(({ standIn }) => standIn.close()));
    },
  };
}

function relay(answer: Response, res: ServerResponse): void {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection")
      headers[name] = value;
  });
  res.writeHead(answer.status, headers);
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(body);
}
