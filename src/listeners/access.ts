/**
 * The access checks every listener passes through (see listener.ts): which namespace a request reads,
 * and whether it changes a channel's subscriptions. Specs declare a Guard; the wrapper asks here.
 */
import type { SlackMessage } from "../views/shared/blocks.js";
import { renderNamespaceRefused, renderNotAManager } from "../views/shared/refusals.js";
import type { RequestContext } from "./listener.js";

export interface Guard {
  /** The Mixpeek namespace the request reads or subscribes to. */
  namespace?: string;
  /** The request changes a channel's subscriptions (subscribe, unsubscribe, mute, unmute). */
  changesSubscriptions?: boolean;
}

/** Who asked, as the signed payload says. */
export interface Requester {
  teamId: string;
  userId: string;
}

export interface Refusal {
  message: SlackMessage;
  /** Fixed words for the log line. */
  reason: "namespace" | "manager";
}

/**
 * The guard of a decoded button value or modal submission: the spec's own, or else the namespace the
 * input carries (page states, execution refs, stats windows all name one), so a new button that reads
 * Mixpeek is checked even if its spec forgets to say so.
 */
export function guardOf<T>(declared: ((input: T) => Guard) | undefined, input: T): Guard | undefined {
  if (declared) return declared(input);
  const carried = (input as { namespace?: unknown } | null)?.namespace;
  return typeof carried === "string" ? { namespace: carried } : undefined;
}

/** Synchronous: the namespace allowlist needs no look-up, so a command can refuse in its ack. */
export function namespaceRefusal(ctx: RequestContext, guard: Guard | undefined): Refusal | null {
  if (guard?.namespace === undefined) return null;
  const { namespaces } = ctx.workspace;
  const verdict = namespaces.check(guard.namespace);
  if (verdict === "allowed") return null;
  return {
    message: renderNamespaceRefused(guard.namespace, verdict, namespaces.list()),
    reason: "namespace",
  };
}

export async function guardRefusal(
  ctx: RequestContext,
  guard: Guard | undefined,
  requester: Requester,
): Promise<Refusal | null> {
  const namespace = namespaceRefusal(ctx, guard);
  if (namespace !== null || !guard?.changesSubscriptions) return namespace;
  const { managers } = ctx.deps;
  if (await managers.mayManage(ctx.client, requester.teamId, requester.userId)) return null;
  return { message: renderNotAManager(managers.ids ?? { users: [], groups: [] }), reason: "manager" };
}
