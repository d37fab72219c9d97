/**
 * Posts scheduled digests. Every tick it takes over digests a dead replica claimed but never finished,
 * claims the ones that are due (the claim row makes each period's digest one post across restarts and
 * replicas), moves their next due time on, and posts each: the stats message, then the chart in its
 * thread, then the message redrawn with the chart in it. Digests due together for one retriever and
 * window share one fetch of stats (the workspace's stats cache, keyed by the window's end).
 */
import type { WebClient } from "@slack/web-api";
import type { AlertStore, Digest, DigestRun } from "../alerts/store/index.js";
import { shareStatsChart } from "../charts/share-chart.js";
import type { Logger } from "../logger.js";
import { isMixpeekError } from "../mixpeek/errors.js";
import { classifySlackError } from "../slack/slack-errors.js";
import type { RetrieverStats } from "../stats/retriever-stats.js";
import { renderDigest } from "../views/digests/digest-message.js";
import type { Workspaces } from "../workspaces/workspace.js";
import { digestMetadata, findPostedDigest } from "./digest-metadata.js";
import { DIGEST_PERIOD_MS, DIGEST_WINDOWS, nextDigestTime } from "./schedule.js";

export interface DigestSettings {
  /** How often due digests are looked for. */
  tickMs: number;
  /** A claim older than this belongs to a replica that died on the way; another takes it over. */
  staleMs: number;
  /** Digests claimed per tick, at most. */
  batch: number;
  /** Tries per digest before it is given up. */
  maxAttempts: number;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  tickMs: 20_000,
  staleMs: 5 * 60_000,
  batch: 50,
  maxAttempts: 5,
};

export interface DigestSchedulerOptions {
  store: AlertStore;
  workspaces: Workspaces;
  /** Bolt's `app.client`; in distributed mode, each workspace's client (null: uninstalled). */
  slack: WebClient | ((workspaceId: string) => Promise<WebClient | null>);
  logger: Logger;
  now: () => Date;
  owner: string;
  settings?: Partial<DigestSettings>;
}

export interface DigestRoundReport {
  posted: number;
  skipped: number;
  failed: number;
  recovered: number;
}

type Claimed = { digest: Digest; run: DigestRun };

export class DigestScheduler {
  private readonly settings: DigestSettings;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<DigestRoundReport> | undefined;
  private stopping = false;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.settings = { ...DEFAULT_DIGEST_SETTINGS, ...options.settings };
  }

  start(): void {
    this.stopping = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current?.catch(() => undefined);
  }

  /** One round now; a call while one runs shares it. */
  runRound(): Promise<DigestRoundReport> {
    this.current ??= this.round().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  /** Every digest of the team, posted now (the demo's playground); the schedule then carries on. */
  async sendNow(teamId: string): Promise<DigestRoundReport> {
    await this.current?.catch(() => undefined);
    await this.options.store.makeDigestsDue(teamId, this.options.now());
    return this.runRound();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runRound()
        .catch((error: unknown) => this.options.logger.error({ err: error }, "digest round failed"))
        .finally(() => {
          if (!this.stopping) this.schedule(this.settings.tickMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<DigestRoundReport> {
    const { store, owner, now } = this.options;
    const report: DigestRoundReport = { posted: 0, skipped: 0, failed: 0, recovered: 0 };
    const started = now();
    const recovered = await this.recover(started);
    report.recovered = recovered.length;
    const claimed = await store.claimDueDigests(owner, started, this.settings.batch);
    for (const digest of await store.listDueDigests(started, this.settings.batch * 4)) {
      await store.advanceDigest(digest.id, digest.nextDueAt, nextDigestTime(digest, started));
    }
    for (const item of [...recovered, ...claimed]) {
      if (this.stopping) break;
      const outcome = await this.deliver(item);
      report[outcome]++;
    }
    if (claimed.length + recovered.length > 0) this.options.logger.info({ ...report }, "digest round");
    return report;
  }

  /** Claims left by a dead replica: taken over, and looked for in the channel before posting again. */
  private async recover(at: Date): Promise<Claimed[]> {
    const { store, owner } = this.options;
    const staleBefore = new Date(at.getTime() - this.settings.staleMs);
    const taken: Claimed[] = [];
    for (const { digest, run } of await store.listStaleDigestRuns(staleBefore, this.settings.batch)) {
      const reclaimed = await store.reclaimDigestRun(digest.id, run.dueAt, owner, staleBefore, at);
      if (!reclaimed) continue;
      if (reclaimed.attempts > this.settings.maxAttempts) {
        await store.finishDigestRun(digest.id, run.dueAt, {
          state: "failed",
          at,
          error: "too many attempts",
        });
        continue;
      }
      const slack = await this.slackFor(digest);
      if (!slack) continue;
      const found = await findPostedDigest(slack, digest, run);
      if (found !== undefined) {
        await store.finishDigestRun(digest.id, run.dueAt, { state: "sent", at, messageTs: found });
        continue;
      }
      taken.push({ digest, run: reclaimed });
    }
    return taken;
  }

  private async deliver({ digest, run }: Claimed): Promise<"posted" | "skipped" | "failed"> {
    const { store, logger, now } = this.options;
    const at = now();
    const finish = (state: "skipped" | "failed", error: string) =>
      store.finishDigestRun(digest.id, run.dueAt, { state, at: now(), error });
    const log = { digest: digest.id, channel: digest.channelId, retriever: digest.retrieverId };
    if (at.getTime() - run.dueAt.getTime() > DIGEST_PERIOD_MS[digest.cadence]) {
      // A digest a whole period late (the bot was down) would only repeat the next one: skipped.
      await finish("skipped", "late");
      return "skipped";
    }
    const workspace = await this.options.workspaces.forId(digest.workspaceId);
    if (!workspace) {
      // Distributed mode: the workspace disconnected Mixpeek; its digests resume once it connects again.
      await finish("skipped", "not_connected");
      return "skipped";
    }
    if (!workspace.namespaces.allows(digest.namespace)) {
      logger.warn(log, "digest skipped: its namespace is not allowed any more");
      await finish("skipped", "namespace_not_allowed");
      return "skipped";
    }
    let stats: RetrieverStats;
    try {
      stats = await workspace.stats.get(
        {
          namespace: digest.namespace,
          retriever: digest.retrieverId,
          window: DIGEST_WINDOWS[digest.cadence],
        },
        { at: run.dueAt },
      );
    } catch (error) {
      if (!isMixpeekError(error)) throw error;
      // Mixpeek may be back before the claim goes stale; another try then posts it.
      logger.warn({ ...log, kind: error.kind }, "digest not posted yet: Mixpeek's analytics failed");
      return "failed";
    }
    return this.post(digest, run, stats);
  }

  private async slackFor(digest: Digest): Promise<WebClient | null> {
    const { slack } = this.options;
    return typeof slack === "function" ? slack(digest.workspaceId) : slack;
  }

  private async post(digest: Digest, run: DigestRun, stats: RetrieverStats): Promise<"posted" | "failed"> {
    const { store, logger, now } = this.options;
    const next = nextDigestTime(digest, now());
    const log = { digest: digest.id, channel: digest.channelId, retriever: digest.retrieverId };
    const slack = await this.slackFor(digest);
    if (!slack) {
      await store.finishDigestRun(digest.id, run.dueAt, { state: "failed", at: now(), error: "uninstalled" });
      return "failed";
    }
    let ts: string;
    try {
      const posted = await slack.chat.postMessage({
        channel: digest.channelId,
        ...renderDigest(stats, { digest, next }),
        metadata: digestMetadata(digest, run),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (typeof posted.ts !== "string") throw new Error("no ts in chat.postMessage's answer");
      ts = posted.ts;
    } catch (error) {
      const { failure, code } = classifySlackError(error);
      logger.warn({ ...log, code }, "digest not posted");
      // A channel closed to the bot will not open by itself; anything else is tried again later.
      if (failure === "channel")
        await store.finishDigestRun(digest.id, run.dueAt, { state: "failed", at: now(), error: code });
      return "failed";
    }
    await store.finishDigestRun(digest.id, run.dueAt, { state: "sent", at: now(), messageTs: ts });
    if (stats.runs.current === 0) return "posted";
    // The chart goes into the digest's thread, and the digest is redrawn to show it (or why not).
    const { chart } = await shareStatsChart(
      slack,
      stats,
      {
        channelId: digest.channelId,
        threadTs: ts,
        retriever: digest.retrieverName,
        timeZone: digest.timeZone,
      },
      logger,
    );
    try {
      await slack.chat.update({
        channel: digest.channelId,
        ts,
        ...renderDigest(stats, { digest, next, chart }),
      });
    } catch (error) {
      logger.warn({ ...log, code: classifySlackError(error).code }, "digest posted without its chart");
    }
    return "posted";
  }
}
