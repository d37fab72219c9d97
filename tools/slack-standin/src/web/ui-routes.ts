/**
 * The browser demo's routes on the stand-in: the page itself, and `/_standin/ui/*`, where the page does
 * what a person does in Slack. Every action goes through the stand-in's UserActions, so the bot receives
 * the same signed requests as from tests; `/_standin/ui/sim/*` forwards the playground's calls to the
 * simulator's `/_sim/` control API, so the page talks to one origin only.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { ExtraRoutes } from "../server.js";
import { readBody, send, textAnswer } from "../server.js";
import type { BotReply, SlashCommandInfo } from "../types.js";
import type { UserActions } from "../user-actions.js";
import type { Workspace } from "../workspace.js";
import { clientBundle } from "./client-bundle.js";
import { escapeTypedText } from "./command-text.js";

export interface StandInUiOptions {
  /** The slash commands the composer offers, with the hint Slack shows while typing. */
  commands?: SlashCommandInfo[];
  /** Base URL of a Mixpeek simulator; the page's playground drives its `/_sim/` control API. */
  simulatorUrl?: string;
  /** Shown at the top of the sidebar; the team domain otherwise. */
  workspaceName?: string;
  /** The playground's "Send digests now": posts every scheduled digest of the workspace at once. */
  sendDigests?: () => Promise<{ posted: number; skipped: number; failed: number }>;
}

export interface UiRouteContext {
  ws: Workspace;
  user: UserActions;
  /** The one person using the page. */
  viewerId: string;
  options: StandInUiOptions;
}

// The page builds its DOM from untrusted text with textContent; this policy is the second line of defence.
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/styles.css": { file: "styles.css", type: "text/css; charset=utf-8" },
};

const Where = {
  channel: z.string().min(1).optional(),
  messageTs: z.string().min(1).optional(),
  viewId: z.string().min(1).optional(),
};
const StateValues = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));

const CommandBody = z.object({ channel: z.string().min(1), text: z.string(), command: z.string().min(2) });
const MessageBody = z.object({
  channel: z.string().min(1),
  text: z.string().min(1),
  threadTs: z.string().optional(),
});
const ActionBody = z.object({
  ...Where,
  action: z.looseObject({ action_id: z.string().min(1) }),
  values: StateValues.optional(),
});
const SuggestionBody = z.object({
  ...Where,
  actionId: z.string().min(1),
  blockId: z.string().min(1),
  value: z.string(),
});
const SubmitBody = z.object({ viewId: z.string().min(1), values: StateValues });
const CloseBody = z.object({ viewId: z.string().min(1), all: z.boolean().optional() });

class BadRequest extends Error {}

function parse<T>(schema: z.ZodType<T>, raw: string): T {
  let value: unknown;
  try {
    value = JSON.parse(raw === "" ? "{}" : raw);
  } catch {
    throw new BadRequest("The body is not JSON");
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new BadRequest(z.prettifyError(result.error));
  return result.data;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
  });
}

/** What the page needs to know about a request it made the bot: did the bot take it, and its answer. */
function outcome(reply: BotReply, error?: string) {
  const failed = error ?? (reply.status === 200 ? undefined : `http_${reply.status}`);
  return { ok: failed === undefined, status: reply.status, error: failed, response: reply.json ?? null };
}

export function uiRoutes(ctx: UiRouteContext): ExtraRoutes {
  const bundle = clientBundle();
  const publicDir = new URL("../../web/public/", import.meta.url);

  const directory = () => ({ users: ctx.ws.snapshot().users, channels: ctx.ws.channels() });

  const actions: Record<string, (body: string) => Promise<unknown> | unknown> = {
    command: async (raw) => {
      const body = parse(CommandBody, raw);
      const text = escapeTypedText(body.text, directory());
      const reply = await ctx.user.slashCommand({ channelId: body.channel, text, command: body.command });
      return outcome(reply, reply.ackError);
    },
    message: (raw) => {
      const body = parse(MessageBody, raw);
      const channel = ctx.ws.resolveChannel(body.channel);
      if (!channel) throw new BadRequest(`No channel ${body.channel}`);
      const message = ctx.ws.addMessage({
        channel: channel.id,
        text: escapeTypedText(body.text, directory()),
        user: ctx.viewerId,
        ...(body.threadTs === undefined ? {} : { thread_ts: body.threadTs }),
      });
      return { ok: true, ts: message.ts };
    },
    action: async (raw) => {
      const body = parse(ActionBody, raw);
      const reply = await ctx.user.blockAction({
        channelId: body.channel,
        messageTs: body.messageTs,
        viewId: body.viewId,
        action: body.action,
        values: body.values as never,
      });
      return outcome(reply);
    },
    suggestion: async (raw) => {
      const body = parse(SuggestionBody, raw);
      const reply = await ctx.user.blockSuggestion({
        channelId: body.channel,
        messageTs: body.messageTs,
        viewId: body.viewId,
        actionId: body.actionId,
        blockId: body.blockId,
        value: body.value,
      });
      return outcome(reply);
    },
    submit: async (raw) => {
      const body = parse(SubmitBody, raw);
      return outcome(await ctx.user.viewSubmission({ viewId: body.viewId, values: body.values as never }));
    },
    close: (raw) => {
      const body = parse(CloseBody, raw);
      const view = ctx.ws.view(body.viewId);
      if (!view) throw new BadRequest(`No view ${body.viewId}`);
      // The X closes the whole stack; "Cancel" goes back to the modal underneath.
      const closing = body.all ? ctx.ws.views().filter((v) => v.root_view_id === view.root_view_id) : [view];
      for (const each of closing) ctx.ws.closeView(each.id);
      return { ok: true };
    },
    home: async () => outcome(await ctx.user.appHomeOpened({ userId: ctx.viewerId })),
    digests: async () => {
      if (!ctx.options.sendDigests) throw new BadRequest("This demo sends no digests");
      return { ok: true, ...(await ctx.options.sendDigests()) };
    },
  };

  const config = () => {
    const viewer = ctx.ws.user(ctx.viewerId);
    const bot = ctx.ws.user(ctx.ws.identity.botUserId);
    return {
      viewer: { id: ctx.viewerId, name: viewer?.name ?? ctx.viewerId },
      bot: { id: ctx.ws.identity.botUserId, name: bot?.name ?? "bot" },
      team: ctx.options.workspaceName ?? ctx.ws.identity.teamDomain,
      commands: ctx.options.commands ?? [],
      playground: ctx.options.simulatorUrl !== undefined,
      digests: ctx.options.sendDigests !== undefined,
    };
  };

  return async (req, res, url) => {
    const path = url.pathname;
    const staticFile = STATIC_FILES[path];
    if (req.method === "GET" && staticFile) {
      const body = await readFile(new URL(staticFile.file, publicDir), "utf8");
      send(res, { status: 200, headers: { ...PAGE_HEADERS, "content-type": staticFile.type }, body });
      return true;
    }
    if (req.method === "GET" && path === "/app.js") {
      const body = await bundle();
      send(res, {
        status: 200,
        headers: { ...PAGE_HEADERS, "content-type": "text/javascript; charset=utf-8" },
        body,
      });
      return true;
    }
    if (!path.startsWith("/_standin/ui/")) return false;
    const name = path.slice("/_standin/ui/".length);
    if (name.startsWith("sim/") && /^sim\/[a-z0-9_/-]*$/i.test(name) && !name.includes("//")) {
      await forwardToSimulator(ctx.options.simulatorUrl, name.slice("sim/".length), url.search, req, res);
      return true;
    }
    if (req.method === "GET" && name === "config") {
      json(res, 200, config());
      return true;
    }
    const handler = actions[name];
    if (req.method !== "POST" || !handler) return false;
    try {
      json(res, 200, await handler(await readBody(req)));
    } catch (error) {
      if (error instanceof BadRequest) json(res, 400, { ok: false, error: error.message });
      // The bot is down or slow: Slack tells the person the same way ("dispatch_failed").
      else json(res, 502, { ok: false, error: "dispatch_failed", detail: String(error) });
    }
    return true;
  };
}

async function forwardToSimulator(
  simulatorUrl: string | undefined,
  path: string,
  search: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (simulatorUrl === undefined) {
    json(res, 404, { ok: false, error: "No simulator is connected to this page" });
    return;
  }
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
  try {
    const answer = await fetch(new URL(`/_sim/${path}${search}`, simulatorUrl), {
      method,
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    send(res, {
      status: answer.status,
      headers: { "content-type": answer.headers.get("content-type") ?? "application/json" },
      body: await answer.text(),
    });
  } catch (error) {
    send(res, textAnswer(502, `The simulator did not answer: ${String(error)}`));
  }
}
