/** What every part of a watcher round works with, built once per round by the watcher. */

import type { StudioLinkTarget } from "../../executions/studio-link.js";
import type { Logger } from "../../logger.js";
import type { MixpeekApi } from "../../mixpeek/api.js";
import type { FailureAlertInput } from "../../views/alerts/alert.js";
import type { AlertSubject } from "../../views/alerts/alert-parts.js";
import type { MuteRedrawParts } from "../alert-mute-redraw.js";
import type { AlertStore, Subscription } from "../store/index.js";
import type { ExecutionDetails } from "./failures.js";
import type { PostedAlertFinder } from "./find-posted.js";
import type { RoundTally } from "./report.js";
import type { WatcherSettings } from "./settings.js";
import type { SlackOutage } from "./slack-outage.js";
import type { SlackPoster } from "./slack-poster.js";

/** A retriever the watcher saw newer runs of, by every name a cached page may use for it. */
export interface NewExecutionsSeen {
  /** Whose Mixpeek account: each workspace has its own cached pages. */
  workspaceId: string;
  namespace: string;
  /** Its id (or the name it was subscribed by) and the names its subscriptions know it by. */
  retrievers: string[];
}

/** What a round's replica-wide passes (waiting alerts, abandoned claims) need, before any workspace's. */
export type ReplicaContext = Pick<
  RoundContext,
  "store" | "now" | "settings" | "owner" | "tally" | "logger" | "outage"
>;

export interface RoundContext {
  store: AlertStore;
  mixpeek: MixpeekApi;
  /** Which namespaces may be read (MIXPEEK_NAMESPACES); a watch outside them costs no Mixpeek call. */
  namespaces: NamespacePolicy;
  poster: SlackPoster;
  /** Reads channels back, for recovery to find messages an earlier attempt posted. */
  finder: PostedAlertFinder;
  /** Redraws the channel's latest alerts when a mute runs out, as Unmute does. */
  muteRedraw: MuteRedrawParts;
  logger: Logger;
  now: () => Date;
  /** This replica's id: the owner of leases and claims. */
  owner: string;
  settings: WatcherSettings;
  studioUrl?: ((target: StudioLinkTarget) => string | undefined) | undefined;
  onNewExecutions?: ((seen: NewExecutionsSeen) => void) | undefined;
  /** Why each execution failed, fetched once per round. */
  details: ExecutionDetails;
  parents: ThreadParents;
  tally: RoundTally;
  /** Whether Slack takes posts; kept by the watcher across rounds. */
  outage: SlackOutage;
}

export interface NamespacePolicy {
  allows(namespace: string): boolean;
}

export function subjectOf(sub: Subscription): AlertSubject {
  return {
    subscriptionId: sub.id,
    retrieverId: sub.retrieverId,
    retrieverName: sub.retrieverName,
    namespace: sub.namespace,
    mention: sub.mention,
  };
}

/** Where an execution opens in Mixpeek Studio; a broken template costs the link, never the alert. */
export function studioUrlFor(ctx: RoundContext, sub: Subscription, executionId: string): string | undefined {
  try {
    return ctx.studioUrl?.({ namespace: sub.namespace, retriever: sub.retrieverId, execution: executionId });
  } catch {
    return undefined;
  }
}

/**
 * What each thread parent was drawn from, so adding a reply can redraw it with the new count. Only a
 * cache: after a restart, or when another replica posted the parent, it is rebuilt from the store.
 * Bounded, oldest forgotten first; it lives in the watcher, never in the module.
 */
export class ThreadParents {
  private readonly inputs = new Map<string, FailureAlertInput>();

  constructor(private readonly max = 500) {}

  remember(subscriptionId: number, parentTs: string, input: FailureAlertInput): void {
    const key = `${subscriptionId}:${parentTs}`;
    this.inputs.delete(key);
    this.inputs.set(key, input);
    if (this.inputs.size > this.max) {
      const oldest = this.inputs.keys().next();
      if (!oldest.done) this.inputs.delete(oldest.value);
    }
  }

  recall(subscriptionId: number, parentTs: string): FailureAlertInput | undefined {
    return this.inputs.get(`${subscriptionId}:${parentTs}`);
  }
}
