/**
 * An execution's stages as a compact table, one line per stage: name, documents in → out, duration,
 * cache hit, and the stage's error. Retrievers can have hundreds of stages, so the table fills a
 * character budget the modal gives it, then says how many stages it left out.
 */
import type { StageStatistics } from "../../mixpeek/schemas.js";
import { context, type KnownBlock, section } from "../shared/blocks.js";
import { redactSecrets } from "../shared/messages.js";
import {
  escapeMrkdwn,
  formatCount,
  formatDuration,
  inlineCode,
  oneLine,
  truncate,
} from "../shared/mrkdwn.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";

const STAGE_NAME_LENGTH = 60;
const STAGE_ERROR_LENGTH = 160;
const TITLE = "*Stages*";

export interface StageTableOptions {
  /** Most characters the table's text may take, the "…and N more" line included. */
  budget: number;
  /** Said after "…and N more stages" to tell where the rest can be seen, e.g. "in Mixpeek Studio". */
  restHint?: string;
}

function cacheMark(hit: boolean | null | undefined): string {
  if (hit === true) return "✓";
  if (hit === false) return "✗";
  return "—";
}

export function stageLine(position: number, name: string, stats: StageStatistics): string {
  const facts = [
    `${formatCount(stats.input_count)} → ${formatCount(stats.output_count)}`,
    formatDuration(stats.duration_ms),
    `cache ${cacheMark(stats.cache_hit)}`,
  ].join("  ·  ");
  let line = `${position}. ${inlineCode(name, STAGE_NAME_LENGTH)}  ${facts}`;
  const error = oneLine(stats.error ?? "");
  if (error !== "") {
    line += `\n      :warning: ${truncate(escapeMrkdwn(redactSecrets(error)), STAGE_ERROR_LENGTH)}`;
  }
  return line;
}

function moreLine(omitted: number, hint: string | undefined): string {
  const noun = omitted === 1 ? "stage" : "stages";
  return `…and ${formatCount(omitted)} more ${noun}${hint === undefined ? "" : ` ${hint}`}.`;
}

/** Lines into as few sections as Slack's 3000-char section limit allows. */
function packSections(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = "";
  for (const line of lines) {
    const next = current === "" ? line : `${current}\n${line}`;
    if (next.length > SLACK_LIMITS.sectionText && current !== "") {
      blocks.push(section(current));
      current = line;
    } else {
      current = next;
    }
  }
  if (current !== "") blocks.push(section(current));
  return blocks;
}

/** The table's blocks; none when there are no stages (the caller says why). */
export function renderStageTable(
  stages: Record<string, StageStatistics>,
  options: StageTableOptions,
): KnownBlock[] {
  const entries = Object.entries(stages);
  if (entries.length === 0) return [];
  const title = `${TITLE} (${formatCount(entries.length)})`;
  // Room for the worst "…and N more" line is kept back whenever a stage might be left out.
  const moreReserve = moreLine(entries.length, options.restHint).length;
  const lines = [title];
  let used = title.length;
  for (const [i, [name, stats]] of entries.entries()) {
    const line = stageLine(i + 1, name, stats);
    const isLast = i === entries.length - 1;
    const needed = used + 1 + line.length + (isLast ? 0 : moreReserve);
    if (needed > options.budget) break;
    lines.push(line);
    used += 1 + line.length;
  }
  const omitted = entries.length - (lines.length - 1);
  const blocks = packSections(lines);
  if (omitted > 0) blocks.push(context(moreLine(omitted, options.restHint)));
  return blocks;
}
