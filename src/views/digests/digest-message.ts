/**
 * A scheduled digest as a channel message: the stats message without its controls, titled for the
 * period, with a line saying when the next one comes; or one line when the retriever had no runs.
 */
import type { Digest } from "../../alerts/store/index.js";
import { formatClockTime } from "../../digests/schedule.js";
import { hadNoRuns, type RetrieverStats } from "../../stats/retriever-stats.js";
import { context, notice, type SlackMessage } from "../shared/blocks.js";
import { escapeMrkdwn, inlineCode, oneLine, slackDate, truncate } from "../shared/mrkdwn.js";
import type { ChartPart } from "../stats/stats-message.js";
import { renderStats } from "../stats/stats-message.js";

const CADENCE_WORDS = { daily: "Daily", weekly: "Weekly" } as const;

export interface DigestMessageOptions {
  digest: Digest;
  next: Date;
  chart?: ChartPart;
}

export function renderDigest(stats: RetrieverStats, options: DigestMessageOptions): SlackMessage {
  const { digest } = options;
  const title = `${CADENCE_WORDS[digest.cadence]} digest of ${oneLine(digest.retrieverName)}`;
  const next = `Next digest ${slackDate(options.next)} · ${scheduleWords(digest)} · stop it with \`/executions digest ${escapeMrkdwn(truncate(oneLine(digest.retrieverName), 80))} off\``;
  if (hadNoRuns(stats)) {
    const window = digest.cadence === "daily" ? "the last 24 hours" : "the last 7 days";
    return notice(
      truncate(escapeMrkdwn(`${title}: no runs in ${window}.`), 300),
      `:mailbox_with_no_mail: ${CADENCE_WORDS[digest.cadence]} digest of ${inlineCode(digest.retrieverName, 80)}: no runs in ${window}.`,
      next,
    );
  }
  const message = renderStats(stats, {
    query: { namespace: digest.namespace, retriever: digest.retrieverId, window: stats.period.window },
    retrieverLabel: digest.retrieverName,
    title,
    controls: false,
    ...(options.chart ? { chart: options.chart } : {}),
  });
  return { text: message.text, blocks: [...message.blocks, context(next)] };
}

/** `every day at 09:00 (Europe/Berlin)`. */
export function scheduleWords(digest: Pick<Digest, "cadence" | "atMinutes" | "timeZone">): string {
  const when = digest.cadence === "daily" ? "every day" : "every Monday";
  return `${when} at ${formatClockTime(digest.atMinutes)} (${escapeMrkdwn(digest.timeZone)})`;
}
