import { isRefusal, type Refusal, refuseView } from "../block-kit/refusal.js";
import { parseObject } from "../json.js";
import { viewShape } from "../payloads.js";
import type { StoredView } from "../types.js";
import type { ApiArgs, ApiContext, ApiMethod, ApiResult } from "./result.js";
import { fail, isFailure, refuse, str } from "./result.js";

/** Slack lets an app open a modal only within 3 s of the user's action. */
export const TRIGGER_LIFETIME_MS = 3_000;

type Definition = Record<string, unknown>;

/**
 * The `view` argument, checked as Slack checks it (its type, title and blocks), or Slack's refusal. A
 * string is the JSON a form-encoded WebClient call carries.
 */
export function readView(args: ApiArgs, expectedType: "modal" | "home"): Definition | Refusal {
  const view = parseObject(args.view);
  if (!view)
    return { error: "invalid_arguments", violations: [{ pointer: "/view", problem: "is required" }] };
  return refuseView(view, expectedType) ?? view;
}

/** Reads the `view` argument for a method, answering Slack's refusal when it breaks the rules. */
function viewFor(
  method: string,
  args: ApiArgs,
  ctx: ApiContext,
  type: "modal" | "home",
): Definition | ApiResult {
  const definition = readView(args, type);
  return isRefusal(definition) ? refuse(ctx, method, definition) : definition;
}

/** The user a fresh trigger ID belongs to, or Slack's error for a missing, unknown or stale one. */
function checkTrigger(args: ApiArgs, { ws }: ApiContext): { user: string } | ApiResult {
  const triggerId = str(args.trigger_id);
  if (!triggerId) return fail("invalid_arguments", ["[ERROR] missing required field: trigger_id"]);
  const trigger = ws.trigger(triggerId);
  if (!trigger) return fail("invalid_trigger_id");
  if (trigger.ageMs > TRIGGER_LIFETIME_MS) return fail("expired_trigger_id");
  return { user: trigger.user };
}

function answer(view: StoredView, ctx: ApiContext): ApiResult {
  return { ok: true, view: viewShape(view, ctx.ws.identity) };
}

/** The modal on top of the user's stack, which views.push stacks onto. */
function topModal(ctx: ApiContext, user: string): StoredView | undefined {
  return ctx.ws
    .views()
    .filter((v) => v.user === user && v.type === "modal" && !v.closed)
    .at(-1);
}

const open: ApiMethod = (args, ctx) => {
  const trigger = checkTrigger(args, ctx);
  if (isFailure(trigger)) return trigger;
  const definition = viewFor("views.open", args, ctx, "modal");
  if (isFailure(definition)) return definition;
  return answer(ctx.ws.saveView(trigger.user, definition, {}), ctx);
};

const push: ApiMethod = (args, ctx) => {
  const trigger = checkTrigger(args, ctx);
  if (isFailure(trigger)) return trigger;
  const definition = viewFor("views.push", args, ctx, "modal");
  if (isFailure(definition)) return definition;
  const previous = topModal(ctx, trigger.user);
  if (!previous) return fail("not_found");
  return answer(ctx.ws.saveView(trigger.user, definition, { previous }), ctx);
};

const update: ApiMethod = (args, ctx) => {
  const viewId = str(args.view_id);
  const externalId = str(args.external_id);
  const existing = viewId
    ? ctx.ws.view(viewId)
    : externalId
      ? ctx.ws.viewByExternalId(externalId)
      : undefined;
  if (!existing) return fail("not_found");
  const hash = str(args.hash);
  if (hash !== undefined && hash !== existing.hash) return fail("hash_conflict");
  const definition = viewFor("views.update", args, ctx, existing.type === "home" ? "home" : "modal");
  if (isFailure(definition)) return definition;
  return answer(ctx.ws.saveView(existing.user, definition, { replacing: existing }), ctx);
};

const publish: ApiMethod = (args, ctx) => {
  const user = ctx.ws.user(str(args.user_id) ?? "");
  if (!user) return fail("user_not_found");
  const existing = ctx.ws.homeView(user.id);
  const hash = str(args.hash);
  if (existing && hash !== undefined && hash !== existing.hash) return fail("hash_conflict");
  const definition = viewFor("views.publish", args, ctx, "home");
  if (isFailure(definition)) return definition;
  return answer(ctx.ws.saveView(user.id, definition, { replacing: existing }), ctx);
};

export const viewMethods: Record<string, ApiMethod> = {
  "views.open": open,
  "views.push": push,
  "views.update": update,
  "views.publish": publish,
};
