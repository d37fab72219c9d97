/**
 * One execution in a modal: opened at once with a loading view (a trigger_id lives 3 s, Mixpeek may
 * take longer), then updated with the details or with what went wrong. Every version carries the
 * execution it shows in `private_metadata`, so a later refresh knows what to fetch again.
 */
import type { types } from "@slack/bolt";
import {
  type ExecutionRef,
  encodeExecutionRef,
  isEncodableExecutionRef,
} from "../../executions/execution-ref.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import type { ExecutionDetail } from "../../mixpeek/schemas.js";
import { context, divider, type KnownBlock, mrkdwn, plainText, section } from "../shared/blocks.js";
import { redactSecrets, renderInternalError, renderMixpeekError } from "../shared/messages.js";
import {
  escapeMrkdwn,
  formatCount,
  formatDuration,
  inlineCode,
  link,
  oneLine,
  slackDate,
  statusBadge,
  truncate,
} from "../shared/mrkdwn.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";
import { blocksTextLength } from "../shared/text-budget.js";
import { creditsText, timeLimitText } from "./execution-budget.js";
import { isInFlight, parseDate } from "./execution-facts.js";
import { MAX_EXECUTION_ID_LENGTH } from "./execution-row.js";
import { renderStageTable } from "./execution-stages.js";

export type ModalView = types.ModalView;

export const EXECUTION_DETAILS_CALLBACK_ID = "execution_details_modal";

export interface ExecutionDetailsContext {
  retriever: string;
  /** The name people know the retriever by, shown instead of an id when known. */
  retrieverName?: string | undefined;
  namespace: string;
  /** Where this execution opens in Mixpeek Studio (see executions/studio-link.ts), if anywhere. */
  studioUrl?: string | undefined;
  now: Date;
}

const NAME_IN_TEXT = 80;
const ERROR_LENGTH = 1500;
// All text of the modal stays under Slack's ~12,000-char ceiling; the stage table gets what is left.
const TOTAL_TEXT_BUDGET = 11_000;
const STAGE_TABLE_MAX = 7000;

function modal(blocks: KnownBlock[], ref: ExecutionRef): ModalView {
  const view: ModalView = {
    type: "modal",
    callback_id: EXECUTION_DETAILS_CALLBACK_ID,
    title: plainText("Execution details"),
    close: plainText("Close"),
    blocks,
  };
  // A ref that could not be decoded again is useless to a refresh, so it is left out.
  if (isEncodableExecutionRef(ref)) view.private_metadata = encodeExecutionRef(ref);
  return view;
}

type Where = Pick<ExecutionRef, "retriever" | "retrieverName" | "namespace">;

/** The retriever as people know it: its name when known, else what Mixpeek was asked for. */
function retrieverText(ref: Where): string {
  return inlineCode(ref.retrieverName ?? ref.retriever, NAME_IN_TEXT);
}

function whereLine(ref: Where): string {
  return `Retriever ${retrieverText(ref)} in namespace ${inlineCode(ref.namespace, NAME_IN_TEXT)}`;
}

export function renderExecutionDetailsLoading(ref: ExecutionRef): ModalView {
  return modal(
    [
      section(
        `:hourglass_flowing_sand: Loading execution ${inlineCode(ref.executionId, MAX_EXECUTION_ID_LENGTH)}…`,
      ),
      context(whereLine(ref)),
    ],
    ref,
  );
}

/** A MixpeekError gets its own explanation; anything else is the bot's fault and says so. */
export function renderExecutionDetailsError(error: unknown, ref: ExecutionRef): ModalView {
  const id = inlineCode(ref.executionId, MAX_EXECUTION_ID_LENGTH);
  let blocks: KnownBlock[];
  if (isMixpeekError(error) && error.kind === "not_found") {
    // The shared not-found message talks about retrievers; here the execution may be the missing part.
    blocks = [
      section(
        `:mag: Mixpeek has no execution ${id} of retriever ${retrieverText(ref)} ` +
          `in namespace ${inlineCode(ref.namespace, NAME_IN_TEXT)}. It may have expired, or the retriever was deleted.`,
      ),
    ];
    if (error.requestId !== undefined)
      blocks.push(context(`Mixpeek request id: ${inlineCode(error.requestId, 100)}`));
  } else {
    const message = isMixpeekError(error)
      ? renderMixpeekError(error, { ...ref, retriever: ref.retrieverName ?? ref.retriever })
      : renderInternalError();
    blocks = [...message.blocks, context(`Execution ${id}  ·  ${whereLine(ref)}`)];
  }
  return modal(blocks, ref);
}

function durationText(detail: ExecutionDetail, now: Date): string {
  const created = parseDate(detail.created_at);
  // While it runs, the stages' total only covers finished stages; the clock says more.
  if (created !== undefined && isInFlight(detail.status)) {
    return `${formatDuration(now.getTime() - created.getTime())} so far`;
  }
  const total = detail.stage_statistics?.total_time_ms;
  if (total !== undefined && total > 0) return formatDuration(total);
  const completed = parseDate(detail.completed_at);
  if (created !== undefined && completed !== undefined) {
    return formatDuration(completed.getTime() - created.getTime());
  }
  return "—";
}

function dateText(value: string | null | undefined, missing: string): string {
  const date = parseDate(value);
  return date === undefined ? missing : slackDate(date);
}

function field(title: string, text: string) {
  return mrkdwn(`*${title}*\n${text}`);
}

function factsBlock(detail: ExecutionDetail, now: Date): KnownBlock {
  const inFlight = isInFlight(detail.status);
  const fields = [
    field("Started", dateText(detail.created_at, "—")),
    field("Completed", dateText(detail.completed_at, inFlight ? "Not yet" : "—")),
    field("Duration", durationText(detail, now) + timeLimitText(detail)),
    field("Credits", creditsText(detail)),
  ];
  if (detail.total_stages > 0) {
    const done = Math.min(detail.stages_completed, detail.total_stages);
    fields.push(field("Stages done", `${formatCount(done)} of ${formatCount(detail.total_stages)}`));
  }
  return { type: "section", fields };
}

function progressBlock(detail: ExecutionDetail): KnownBlock | undefined {
  if (!isInFlight(detail.status)) return undefined;
  const stage = oneLine(detail.current_stage ?? "");
  const total = detail.total_stages;
  const position =
    total > 0
      ? `stage ${formatCount(Math.min(detail.stages_completed + 1, total))} of ${formatCount(total)}`
      : "";
  if (stage === "" && position === "") return undefined;
  const text =
    stage === ""
      ? `:hourglass_flowing_sand: Now at ${position}.`
      : `:hourglass_flowing_sand: Now at ${inlineCode(stage, NAME_IN_TEXT)}${position === "" ? "" : ` — ${position}`}.`;
  return section(text);
}

/** The error as a code block: escaped, scrubbed of credentials, with backticks that cannot close it. */
function errorBlock(detail: ExecutionDetail): KnownBlock | undefined {
  const raw = (detail.error ?? "").trim();
  if (raw === "") {
    if (detail.status.trim().toLowerCase() !== "failed") return undefined;
    return section(":x: Mixpeek gave no reason for this failure; the stages below may say more.");
  }
  const text = escapeMrkdwn(
    redactSecrets(raw)
      .replace(/`/g, "ˋ")
      .replace(/\n{3,}/g, "\n\n"),
  );
  return section(`:x: *Error*\n\`\`\`${truncate(text, ERROR_LENGTH)}\`\`\``);
}

function studioBlock(url: string | undefined): KnownBlock | undefined {
  if (url === undefined) return undefined;
  const text = link(url, "Open in Mixpeek Studio");
  // `link` leaves only the label when the URL is unsafe or too long: then there is nothing to offer.
  if (!text.startsWith("<")) return undefined;
  const line = `:arrow_upper_right: ${text}`;
  return line.length <= SLACK_LIMITS.sectionText ? section(line) : undefined;
}

export function renderExecutionDetails(detail: ExecutionDetail, ctx: ExecutionDetailsContext): ModalView {
  const badge = statusBadge(detail.status);
  const blocks: KnownBlock[] = [
    section(
      `${badge.emoji} *${badge.word}*  ·  ${inlineCode(detail.execution_id, MAX_EXECUTION_ID_LENGTH)}\n${whereLine(ctx)}`,
    ),
    factsBlock(detail, ctx.now),
  ];
  const studio = studioBlock(ctx.studioUrl);
  for (const block of [progressBlock(detail), errorBlock(detail), studio]) {
    if (block !== undefined) blocks.push(block);
  }

  blocks.push(divider());
  const stages = detail.stage_statistics?.stages ?? {};
  const budget = Math.min(STAGE_TABLE_MAX, TOTAL_TEXT_BUDGET - blocksTextLength(blocks));
  const table = renderStageTable(stages, {
    budget,
    ...(studio === undefined ? {} : { restHint: "in Mixpeek Studio" }),
  });
  if (table.length > 0) {
    blocks.push(...table);
  } else {
    const why = isInFlight(detail.status)
      ? "No stage has reported yet."
      : "Mixpeek sent no stage statistics.";
    blocks.push(context(why));
  }
  const ref = {
    retriever: ctx.retriever,
    namespace: ctx.namespace,
    executionId: detail.execution_id,
    retrieverName: ctx.retrieverName,
  };
  return modal(blocks, ref);
}
