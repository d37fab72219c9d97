/**
 * The one way to write a listener. Every Slack request goes through the same steps: ack within Slack's 3 s,
 * find the workspace it came from, read it, do the work, answer, and record how it ended in one log line and
 * the metrics. Handlers only read and do, and return their outcome; whatever they throw is caught here,
 * logged, answered with "something went wrong on the bot's side" where there is someone to answer, and
 * counted as `error`. Bolt's middleware arguments reach a handler only where it needs one of them.
 *
 * Access is checked here too, from what a spec declares (its `Guard`): a namespace outside the workspace's
 * allowlist, or a subscription change by someone SUBSCRIPTION_MANAGERS leaves out, is refused with a clear
 * answer before the handler runs, so before any Mixpeek call or change. See access.ts.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockSuggestion,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { BotDeps } from "../deps.js";
import type { Logger } from "../logger.js";
import { isMixpeekError } from "../mixpeek/errors.js";
import type { RequestOutcome, RequestType } from "../observability/labels.js";
import { DeadlineError, withDeadline } from "../util/deadline.js";
import { renderConnectFirst } from "../views/connection/connection.js";
import type { SlackMessage } from "../views/shared/blocks.js";
import { renderInternalError, renderStalePageState } from "../views/shared/messages.js";
import type { Workspace } from "../workspaces/workspace.js";
import { MixpeekNotConnectedError } from "../workspaces/workspace-registry.js";
import { type Guard, guardOf, guardRefusal, namespaceRefusal, type Requester } from "./access.js";
import { modalReply } from "./modal-reply.js";
import { noReply, type Reply, replyThrough } from "./reply.js";

/** How a request ended, with optional fields for its log line. */
export type Result = RequestOutcome | { outcome: RequestOutcome; details: Record<string, unknown> };

/** What every handler gets: the bot's parts, the request's workspace, and a way to answer the person. */
export interface RequestContext {
  deps: BotDeps;
  workspace: Workspace;
  /** Answers through the request's response_url: private and beside the clicked message unless told. */
  reply: Reply;
  /** The Web API client Bolt authorized for this request's workspace. */
  client: WebClient;
}

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;
type EventArgs<E extends string> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;
type ClickedControl = BlockAction["actions"][number];

/**
 * A slash command decides before the ack: either the ack itself is the whole answer (help, a usage
 * mistake), or it acks empty and answers through the response_url once the work is done.
 */
export type CommandPlan =
  | { name: string; answerInAck: SlackMessage; outcome: RequestOutcome }
  | { name: string; run: () => Promise<Result>; guard?: Guard };

export interface CommandSpec {
  plan(ctx: RequestContext, args: CommandArgs): CommandPlan;
}

/** A click. The control's value comes back from a message anyone could have altered: `decode` trusts nothing. */
export interface ActionSpec<T> {
  /** Fixed words for metrics and logs (never user text); a function when one listener serves several controls. */
  name: string | ((control: ClickedControl) => string);
  /** What the control points at, or null when it is stale or tampered with (the person is told so). */
  decode(control: ClickedControl, args: ActionArgs, ctx: RequestContext): T | null | Promise<T | null>;
  /** What the decoded input must be allowed to do before `run`. */
  guard?(input: T): Guard;
  run(ctx: RequestContext, input: T, args: ActionArgs): Promise<Result>;
}

/** A modal's submission: field errors go back into the modal in the ack; the rest runs after it. */
export interface ViewSpec<T> {
  name: string;
  read(
    ctx: RequestContext,
    args: ViewArgs,
  ): { errors: Record<string, string> } | { input: T; responseUrl?: string };
  guard?(input: T): Guard;
  run(ctx: RequestContext, input: T, args: ViewArgs): Promise<Result>;
}

type OptionsAnswer = Parameters<OptionsArgs["ack"]>[0];

/** An external select's type-ahead: the ack carries the options, so the work happens before it. */
export interface OptionsSpec {
  name: string;
  /** Slack waits 3 s; past this the person gets `none` and can type again. */
  deadlineMs: number;
  /** The namespace the options are searched in; one the workspace may not read gets `none`. */
  namespace(ctx: RequestContext, suggestion: BlockSuggestion): string;
  options(ctx: RequestContext, suggestion: BlockSuggestion, namespace: string): Promise<OptionsAnswer>;
  none: OptionsAnswer;
}

/** An event Bolt has already acked. */
export interface EventSpec<E extends string> {
  name: string;
  run(ctx: RequestContext, args: EventArgs<E>): Promise<Result>;
  /** Distributed mode, a workspace without Mixpeek: what to do instead (the Home tab says how to connect). */
  notConnected?(deps: BotDeps, args: EventArgs<E>): Promise<Result>;
}

/**
 * Distributed mode: a command that needs no Mixpeek connection (`connect`, `disconnect`) runs before the
 * workspace is looked up, so a workspace can connect in the first place.
 */
export interface UnconnectedCommandSpec {
  /** The command's name when this spec takes it, else undefined (the usual spec runs). */
  takes(text: string): string | undefined;
  run(deps: BotDeps, args: CommandArgs, name: string, reply: Reply): Promise<Result>;
}

export function onCommand(
  deps: BotDeps,
  spec: CommandSpec,
  unconnected?: UnconnectedCommandSpec,
): Middleware<SlackCommandMiddlewareArgs> {
  return async (args) => {
    const request = startRequest(deps, "command");
    const reply = replyTo(deps, args.command.response_url);
    const without = deps.registry ? unconnected?.takes(args.command.text ?? "") : undefined;
    if (unconnected && without !== undefined) {
      request.name = without;
      await args.ack();
      request.acked();
      return request.run(() => unconnected.run(deps, args, without, reply), reply);
    }
    let plan: CommandPlan;
    let ctx: RequestContext;
    try {
      ctx = await contextOf(deps, args, reply);
      plan = spec.plan(ctx, args);
    } catch (error) {
      if (error instanceof MixpeekNotConnectedError) {
        await args.ack({ response_type: "ephemeral", ...renderConnectFirst(args.command.command) });
        request.acked();
        request.name = "not_connected";
        return request.done("invalid");
      }
      await args.ack({ response_type: "ephemeral", ...renderInternalError() });
      request.acked();
      return request.failed(error, "command");
    }
    request.name = plan.name;
    if ("answerInAck" in plan) {
      await args.ack({ response_type: "ephemeral", ...plan.answerInAck });
      request.acked();
      return request.done(plan.outcome);
    }
    // A namespace is refused in the ack itself: there is nothing to look up.
    const refused = namespaceRefusal(ctx, plan.guard);
    if (refused) {
      await args.ack({ response_type: "ephemeral", ...refused.message });
      request.acked();
      return request.done(denied(refused.reason));
    }
    await args.ack();
    request.acked();
    const requester = { teamId: args.command.team_id, userId: args.command.user_id };
    const { guard, run } = plan;
    await request.run(() => guarded(ctx, guard, requester, run), reply);
  };
}

export function onAction<T>(
  deps: BotDeps,
  spec: ActionSpec<T>,
): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async (args) => {
    const request = startRequest(deps, "action");
    request.name = typeof spec.name === "string" ? spec.name : spec.name(args.action);
    await args.ack();
    request.acked();
    const reply = args.body.response_url
      ? replyTo(deps, args.body.response_url)
      : fromHomeTab(args.body)
        ? modalReply(args.client, args.body.trigger_id, deps.logger)
        : noReply(deps.logger);
    await request.run(async () => {
      const ctx = await contextOf(deps, args, reply);
      const input = await spec.decode(args.action, args, ctx);
      if (input === null) {
        await reply(renderStalePageState());
        return "invalid";
      }
      return guarded(ctx, guardOf(spec.guard, input), requesterOf(args.body), () =>
        spec.run(ctx, input, args),
      );
    }, reply);
  };
}

export function onView<T>(
  deps: BotDeps,
  spec: ViewSpec<T>,
): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async (args) => {
    const request = startRequest(deps, "view", spec.name);
    let ctx: RequestContext;
    let read: ReturnType<ViewSpec<T>["read"]>;
    try {
      // Without a response_url of its own, an answer to a submission shows in a modal of its own.
      const reply = args.body.trigger_id
        ? modalReply(args.client, args.body.trigger_id, deps.logger)
        : noReply(deps.logger);
      ctx = await contextOf(deps, args, reply);
      read = spec.read(ctx, args);
    } catch (error) {
      await args.ack();
      request.acked();
      if (error instanceof MixpeekNotConnectedError) return request.done("invalid");
      return request.failed(error, "view");
    }
    if ("errors" in read) {
      await args.ack({ response_action: "errors", errors: read.errors });
      request.acked();
      return request.done("invalid");
    }
    await args.ack();
    request.acked();
    if (read.responseUrl) ctx.reply = replyTo(deps, read.responseUrl);
    const { input } = read;
    await request.run(
      () =>
        guarded(ctx, guardOf(spec.guard, input), requesterOf(args.body), () => spec.run(ctx, input, args)),
      ctx.reply,
    );
  };
}

export function onOptions(
  deps: BotDeps,
  spec: OptionsSpec,
): Middleware<SlackOptionsMiddlewareArgs<"block_suggestion">> {
  return async (args) => {
    const request = startRequest(deps, "options", spec.name);
    let answer = spec.none;
    let result: Result = "ok";
    try {
      const ctx = await contextOf(deps, args, noReply(deps.logger));
      const suggestion = args.body as BlockSuggestion;
      const namespace = spec.namespace(ctx, suggestion);
      const refused = namespaceRefusal(ctx, { namespace });
      if (refused) result = denied(refused.reason);
      else answer = await withDeadline(spec.options(ctx, suggestion, namespace), spec.deadlineMs);
    } catch (error) {
      result = outcomeOf(error);
      if (result !== "invalid") request.log(error);
    }
    await args.ack(answer);
    request.acked();
    request.done(result);
  };
}

export function onEvent<E extends string>(
  deps: BotDeps,
  spec: EventSpec<E>,
): Middleware<SlackEventMiddlewareArgs<E>> {
  return async (args) => {
    const request = startRequest(deps, "event", spec.name);
    request.acked();
    await request.run(async () => {
      let ctx: RequestContext;
      try {
        ctx = await contextOf(deps, args, noReply(deps.logger));
      } catch (error) {
        if (!(error instanceof MixpeekNotConnectedError)) throw error;
        return spec.notConnected ? spec.notConnected(deps, args) : "invalid";
      }
      return spec.run(ctx, args);
    });
  };
}

/**
 * Answers through a response URL the request carried, if it is Slack's (see ResponseUrlPolicy), posted
 * by the bot itself, never following a redirect. Any other URL is not posted to, nor logged.
 */
export function replyTo(deps: BotDeps, responseUrl: string | undefined): Reply {
  if (responseUrl === undefined || responseUrl === "") return noReply(deps.logger);
  if (!deps.responseUrls.allows(responseUrl)) {
    deps.logger.warn("response_url refused: not on Slack's hooks host");
    return async () => false;
  }
  return replyThrough(deps.respondTo(responseUrl), deps);
}

/** Runs `work` once the guard passes; otherwise tells the person why not and records `denied`. */
async function guarded(
  ctx: RequestContext,
  guard: Guard | undefined,
  requester: Requester,
  work: () => Promise<Result>,
): Promise<Result> {
  const refused = await guardRefusal(ctx, guard, requester);
  if (refused === null) return work();
  await ctx.reply(refused.message);
  return denied(refused.reason);
}

function denied(reason: string | undefined): Result {
  return { outcome: "denied", details: { refused: reason } };
}

/** A click in the App Home: no response_url, so answers go to a modal. */
function fromHomeTab(body: BlockAction): boolean {
  return body.view?.type === "home" && typeof body.trigger_id === "string" && body.trigger_id !== "";
}

function requesterOf(body: BlockAction | ViewSubmitAction): Requester {
  return { teamId: body.team?.id ?? body.user.team_id ?? "", userId: body.user.id };
}

async function contextOf(deps: BotDeps, args: AllMiddlewareArgs, reply: Reply): Promise<RequestContext> {
  const { teamId, enterpriseId, isEnterpriseInstall } = args.context;
  const workspace = await deps.workspaces.forRequest({ teamId, enterpriseId, isEnterpriseInstall });
  return { deps, workspace, reply, client: args.client };
}

/** Mixpeek or a deadline failing is Mixpeek's trouble; no Mixpeek connection is the person's; else the bot's. */
function outcomeOf(error: unknown): RequestOutcome {
  if (error instanceof MixpeekNotConnectedError) return "invalid";
  return isMixpeekError(error) || error instanceof DeadlineError ? "upstream_error" : "error";
}

export interface Request {
  /** Set once the request is read; fixed words, never user text. */
  name: string;
  acked(): void;
  done(result: Result): void;
  /** Logs what went wrong, without recording the outcome. */
  log(error: unknown): void;
  /** Records an error that happened before there was anyone to answer. */
  failed(error: unknown, stage: string): void;
  /** Runs the work; if it throws, tells the person the bot failed and records `error`. */
  run(work: () => Promise<Result>, reply?: Reply): Promise<void>;
}

export function startRequest(deps: BotDeps, type: RequestType, name = "unknown"): Request {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let ackMs: number | undefined;
  const request: Request = {
    name,
    acked() {
      const s = seconds();
      ackMs = Math.round(s * 1000);
      deps.metrics.observeAck(type, request.name, s);
    },
    done(result) {
      const { outcome, details } = typeof result === "string" ? { outcome: result, details: {} } : result;
      const s = seconds();
      deps.metrics.observeAnswer(type, request.name, s);
      deps.metrics.recordRequest(type, request.name, outcome);
      deps.logger.info(
        { event: type, name: request.name, outcome, ackMs, durationMs: Math.round(s * 1000), ...details },
        `${type} ${request.name}: ${outcome}`,
      );
    },
    log(error) {
      logFailure(deps.logger, type, request.name, error);
    },
    failed(error, stage) {
      request.log(error);
      request.done({ outcome: "error", details: { stage } });
    },
    async run(work, reply) {
      let result: Result;
      try {
        result = await work();
      } catch (error) {
        if (error instanceof MixpeekNotConnectedError) {
          // Distributed mode: a click or a modal from a workspace that has not connected Mixpeek.
          if (reply) await reply(renderConnectFirst("/executions"));
          result = "invalid";
        } else {
          request.log(error);
          if (reply) await reply(renderInternalError());
          result = outcomeOf(error);
        }
      }
      request.done(result);
    },
  };
  return request;
}

function logFailure(logger: Logger, type: RequestType, name: string, error: unknown): void {
  if (isMixpeekError(error)) {
    logger.warn(
      { event: type, name, kind: error.kind, status: error.status, requestId: error.requestId },
      `${type} ${name}: Mixpeek call failed`,
    );
  } else {
    logger.error({ event: type, name, err: error }, `${type} ${name} failed`);
  }
}
