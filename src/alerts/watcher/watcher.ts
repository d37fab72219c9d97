/**
 * The failure-alert watcher: every tick it takes over abandoned claims, posts the alerts that waited for
 * Slack, leases the watches that are due, checks them a few at a time, and records how it went. Rounds
 * never overlap; `stop()` lets the round in progress finish (watches it had not started yet are handed
 * back) so nothing is left half-written. A heartbeat renews its leases and claims every few seconds,
 * during rounds and between them, so a lease can be short whatever a round takes.
 */
import type { WebClient } from "@slack/web-api";
import type { RequestBudget } from "../../budget/request-budget.js";
import type { StudioLinkTarget } from "../../executions/studio-link.js";
import type { Logger } from "../../logger.js";
import type { MixpeekApi } from "../../mixpeek/api.js";
import { recoverIncidentClaims } from "../incidents/index.js";
import type { AlertStore, Watch } from "../store/index.js";
import { type NamespacePolicy, type NewExecutionsSeen, type RoundContext, ThreadParents } from "./context.js";
import { ExecutionDetails } from "./failures.js";
import { PostedAlertFinder } from "./find-posted.js";
import { roundPace } from "./pace.js";
import { recoverAbandonedClaims } from "./recovery.js";
import {
  type RoundReport,
  RoundTally,
  type WatcherHealth,
  type WatcherMetrics,
  type WatchPace,
} from "./report.js";
import type { WatcherSettings } from "./settings.js";
import { SlackOutage } from "./slack-outage.js";
import { SlackPoster } from "./slack-poster.js";
import { retryWaitingAlerts } from "./waiting.js";
import { checkWatch } from "./watch-round.js";

/** What the watcher reads and posts with for one workspace. */
export interface WatchTarget {
  /** Used directly: a watcher must see failures as they are, not as the listing cache last saw them. */
  mixpeek: MixpeekApi;
  /**
   * Which namespaces may be read (the workspace's MIXPEEK_NAMESPACES). A subscription made before its
   * namespace was taken off the list is skipped, and its channel told once.
   */
  namespaces: NamespacePolicy;
  /** A client with the workspace's bot token; Bolt's `app.client` in single-workspace mode. */
  slack: WebClient;
}

/**
 * Distributed mode: each workspace's target, or null when it cannot be watched now (no Mixpeek
 * connection, or no installation); its watches then wait, and other workspaces go on.
 */
export type WatchTargets = (workspaceId: string) => Promise<WatchTarget | null>;

export type AlertWatcherOptions = AlertWatcherCommonOptions & (WatchTarget | { targets: WatchTargets });

export interface AlertWatcherCommonOptions {
  store: AlertStore;
  /**
   * The Mixpeek connection's request budget: a round leases only as many watches as the watcher's share
   * has slots for, and each check is scheduled at the interval the share allows.
   */
  budget?: RequestBudget;
  logger: Logger;
  now: () => Date;
  /** This replica's id, the owner of its leases and claims; one live process per id. */
  owner: string;
  /**
   * The store has one writer (SQLite): leases and claims anyone left in it belong to a process that is
   * dead, and are taken over at the first round instead of when they run out. Without it only those of
   * an earlier process with this `owner` are.
   */
  singleWriter?: boolean;
  settings: WatcherSettings;
  /** Deep links into Mixpeek Studio (MIXPEEK_STUDIO_URL), if configured. */
  studioUrl?: (target: StudioLinkTarget) => string | undefined;
  metrics?: WatcherMetrics;
  /** Told when a check sees runs newer than the last one did (the bot drops that retriever's cached pages). */
  onNewExecutions?: (seen: NewExecutionsSeen) => void;
  /** Called after every round, e.g. by tests or the demo. */
  onRound?: (report: RoundReport) => void;
}

const HOUR_MS = 60 * 60 * 1000;

export class AlertWatcher {
  /** Posting and reading back, per Slack client (one per workspace in distributed mode). */
  private readonly slackParts = new WeakMap<
    WebClient,
    Pick<RoundContext, "poster" | "finder" | "muteRedraw">
  >();
  private readonly parents = new ThreadParents();
  private readonly outage: SlackOutage;
  /** When this process began: claims made before it under this owner id are an earlier process's. */
  private readonly incarnationStart: Date;
  private tookOverDeadWork = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatFailing = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<RoundReport> | undefined;
  private running = false;
  private stopping = false;
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  private status: WatcherHealth = {
    lastRoundAt: null,
    retrieversWatched: 0,
    upstreamErrors: 0,
    lastError: null,
    pace: null,
  };

  constructor(private readonly options: AlertWatcherOptions) {
    this.outage = new SlackOutage(options.settings);
    this.incarnationStart = options.now();
  }

  /** Starts ticking: a round now (which also takes over claims a previous process left), then every tick. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.options.logger.info(
      { owner: this.options.owner, intervalMs: this.options.settings.intervalMs },
      "alert watcher started",
    );
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.options.settings.heartbeatMs);
    this.heartbeatTimer.unref();
    this.schedule(0);
  }

  /** Resolves once the round in progress (if any) has finished; no round starts after it is called. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current?.catch(() => undefined);
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    if (this.running) {
      // Alerts still waiting for Slack are let go, so another replica takes them over now, not later.
      const left = await this.options.store
        .abandonHeldWork(this.options.owner, new Date(this.options.now().getTime() + 1))
        .catch(() => ({ leases: 0, claims: 0 }));
      this.options.logger.info(
        { owner: this.options.owner, alertsLeft: left.claims },
        "alert watcher stopped",
      );
    }
    this.running = false;
  }

  /** One round, now. While a round runs, another call gets that round's report instead of a second one. */
  runRound(): Promise<RoundReport> {
    this.current ??= this.round().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  health(): WatcherHealth {
    const outage = this.outage.current();
    return {
      ...this.status,
      slackUnreachable: outage && { since: outage.since, lastCode: outage.lastCode },
    };
  }

  /** The pace with every watch counted now (a subscription made a moment ago included); null without a budget. */
  async currentPace(): Promise<WatchPace | null> {
    const { budget, settings } = this.options;
    if (budget === undefined) return null;
    const pace = await roundPace(
      budget,
      settings.intervalMs,
      await this.countWatched(),
      settings.maxWatchesPerRound,
    );
    return pace.pace;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.runRound();
    } catch (error) {
      // The store being unreachable is the usual cause; the next tick tries again.
      this.options.logger.error({ err: error }, "alert watcher round failed");
      this.status = { ...this.status, lastError: "A watcher round failed (is the database reachable?)" };
    }
    if (!this.stopping) this.schedule(this.options.settings.tickMs);
  }

  private async round(): Promise<RoundReport> {
    const { store, owner, settings, logger } = this.options;
    const startedAt = this.options.now();
    const clock = performance.now();
    const tally = new RoundTally(this.options.metrics);
    const watched = await this.countWatched();
    const pace = await roundPace(
      this.options.budget,
      settings.intervalMs,
      watched,
      settings.maxWatchesPerRound,
    );
    if (pace.pace !== null)
      this.options.metrics?.recordWatchPace?.({
        limit: pace.pace.limitPerMinute,
        effectiveIntervalMs: pace.pace.effectiveIntervalMs,
      });
    this.status = { ...this.status, pace: pace.pace };
    const contexts = new Map<string, Promise<RoundContext | null>>();
    const contextFor = (workspaceId: string): Promise<RoundContext | null> => {
      let found = contexts.get(workspaceId);
      if (!found) {
        found = this.targetFor(workspaceId).then((target) => target && this.contextWith(base, target));
        contexts.set(workspaceId, found);
      }
      return found;
    };
    const base: Omit<RoundContext, keyof WatchTargetParts> = {
      store,
      logger,
      now: this.options.now,
      owner,
      // Every check is next due after the interval the budget allows, so the checks spread out evenly.
      settings: { ...settings, intervalMs: pace.nextCheckInMs },
      studioUrl: this.options.studioUrl,
      onNewExecutions: this.options.onNewExecutions,
      parents: this.parents,
      tally,
      outage: this.outage,
    };

    await this.takeOverDeadWork(startedAt);
    await this.heartbeat();
    await this.pruneOldAlerts(startedAt);
    await recoverAbandonedClaims(base, contextFor);
    // While Slack is on hold, abandoned claims wait for the next try like this process's own.
    if (!this.outage.holding(startedAt)) await recoverIncidentClaims(base, contextFor);
    await retryWaitingAlerts(base, contextFor);
    // Those due longest come first; the rest wait for the next round with a slot for them.
    const watches =
      pace.slots > 0 ? await store.acquireDueWatches(owner, startedAt, settings.leaseMs, pace.slots) : [];
    await forEachAtMost(settings.concurrency, watches, (watch) => this.checkOne(contextFor, watch));

    const finishedAt = this.options.now();
    const report = tally.report(startedAt, finishedAt, watches.length);
    await this.updateHealth(finishedAt, tally.lastError);
    this.options.metrics?.recordWatchRound(
      (performance.now() - clock) / 1000,
      this.status.retrieversWatched,
      finishedAt,
    );
    if (watches.length > 0 || report.recovered > 0) {
      logger.debug({ ...report, durationMs: Math.round(performance.now() - clock) }, "alert watcher round");
    }
    this.options.onRound?.(report);
    return report;
  }

  private async checkOne(
    contextFor: (workspaceId: string) => Promise<RoundContext | null>,
    watch: Watch,
  ): Promise<void> {
    const { store, owner, logger } = this.options;
    if (this.stopping) {
      await store.releaseWatch(owner, watch);
      return;
    }
    let ctx: RoundContext | null = null;
    try {
      ctx = await contextFor(watch.workspaceId);
      // A workspace that cannot be watched now (not connected, uninstalled) waits; the others go on.
      if (ctx === null) {
        await store.releaseWatch(owner, watch);
        return;
      }
      await checkWatch(ctx, watch);
    } catch (error) {
      // A bug or a database error: the claims made so far stay, and recovery posts them later.
      logger.error(
        { err: error, namespace: watch.namespace, retriever: watch.retrieverId },
        "watch check failed",
      );
      ctx?.tally.problem(`Checking ${watch.retrieverId} failed inside the bot`);
      await store.releaseWatch(owner, watch).catch(() => false);
    }
  }

  private async countWatched(): Promise<number> {
    return (await this.options.store.listWatches()).filter((watch) => watch.pausedAt === null).length;
  }

  private targetFor(workspaceId: string): Promise<WatchTarget | null> {
    const { options } = this;
    if ("targets" in options) return options.targets(workspaceId);
    return Promise.resolve({
      mixpeek: options.mixpeek,
      namespaces: options.namespaces,
      slack: options.slack,
    });
  }

  private contextWith(base: Omit<RoundContext, keyof WatchTargetParts>, target: WatchTarget): RoundContext {
    const { logger, metrics } = this.options;
    let parts = this.slackParts.get(target.slack);
    if (!parts) {
      parts = {
        poster: new SlackPoster(target.slack, logger, metrics),
        finder: new PostedAlertFinder(target.slack, logger, metrics),
        muteRedraw: {
          client: target.slack,
          store: this.options.store,
          logger,
          metrics: metrics ?? { recordSlackApiError: () => undefined },
        },
      };
      this.slackParts.set(target.slack, parts);
    }
    return {
      ...base,
      mixpeek: target.mixpeek,
      namespaces: target.namespaces,
      ...parts,
      details: new ExecutionDetails(target.mixpeek, logger),
    };
  }

  private async updateHealth(at: Date, lastError: string | null): Promise<void> {
    const { store, owner, metrics } = this.options;
    const watches = (await store.listWatches()).filter((watch) => watch.pausedAt === null);
    const alertsWaiting = await store.countWaitingAlerts(owner);
    this.status = {
      ...this.status,
      lastRoundAt: at,
      retrieversWatched: watches.length,
      upstreamErrors: watches.filter((watch) => watch.errorCount > 0).length,
      lastError: lastError ?? this.status.lastError,
      alertsWaiting,
    };
    metrics?.recordSlackWaiting?.(alertsWaiting, this.outage.current()?.since ?? null);
  }

  /**
   * Once, before the first round's work: what a dead process left is taken over now. On a one-writer
   * store that is everything held (the previous process was killed, or this would not be running); on a
   * shared one, what an earlier process with this replica's id held.
   */
  private async takeOverDeadWork(now: Date): Promise<void> {
    if (this.tookOverDeadWork) return;
    const { store, owner, singleWriter, logger } = this.options;
    const left = await store.abandonHeldWork(singleWriter ? null : owner, this.incarnationStart);
    this.tookOverDeadWork = true;
    if (left.leases > 0 || left.claims > 0) {
      logger.info(
        { ...left, at: now.toISOString() },
        "taking over the retrievers and alerts an earlier process left",
      );
    }
  }

  /** Renews this process's leases and claims; a failure is logged once until it works again. */
  private async heartbeat(): Promise<void> {
    const { store, owner, settings, logger } = this.options;
    try {
      await store.heartbeat(owner, {
        now: this.options.now(),
        leaseMs: settings.leaseMs,
        claimsSince: this.incarnationStart,
      });
      this.heartbeatFailing = false;
    } catch (error) {
      if (!this.heartbeatFailing) logger.warn({ err: error }, "could not renew leases and claims");
      this.heartbeatFailing = true;
    }
  }

  /** Finished alerts are kept a month, far behind any watermark, then deleted (checked hourly). */
  private async pruneOldAlerts(now: Date): Promise<void> {
    if (now.getTime() - this.lastPruneAt < HOUR_MS) return;
    this.lastPruneAt = now.getTime();
    const deleted = await this.options.store.pruneAlerts(
      new Date(now.getTime() - this.options.settings.keepAlertsMs),
    );
    if (deleted > 0) this.options.logger.info({ deleted }, "pruned old alerts");
  }
}

/** The parts of a round's context that belong to one workspace. */
type WatchTargetParts = Pick<
  RoundContext,
  "mixpeek" | "namespaces" | "poster" | "finder" | "muteRedraw" | "details"
>;

/** Runs `work` over `items` with at most `limit` running at once. */
async function forEachAtMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
