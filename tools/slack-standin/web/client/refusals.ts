/**
 * What the page shows when the stand-in refused something the app sent, as Slack would have: a note from
 * Slackbot, only for the viewer, in the channel a refused message was meant for; a short toast for a
 * refused modal or Home tab. Both name Slack's error and what broke, with its JSON pointer.
 */
import type { RecordedRefusal, StoredMessage } from "../../src/types.js";
import { escapeEntities } from "./mrkdwn.js";

/** A refusal as the page receives it: dates come as JSON strings. */
type Refusal = Omit<RecordedRefusal, "at"> & { at: string | Date };

/** Notes for refused messages, from `author`, each placed among the channel's messages by its time. */
export function refusalNotes(refusals: Refusal[], viewer: string, author: string): StoredMessage[] {
  // A refused acknowledgement Slack reports itself ("/executions failed with the error …"), and so does the page.
  return refusals.flatMap((refusal, index) =>
    refusal.channel === undefined || refusal.via === "command_ack"
      ? []
      : [
          {
            channel: refusal.channel,
            ts: tsAt(refusal.at, index),
            text: noteText(refusal),
            user: author,
            edited: 0,
            ephemeralTo: viewer,
          },
        ],
  );
}

/** One line each for refused views (there is no channel to show them in), oldest first. */
export function viewRefusalTexts(refusals: Refusal[]): string[] {
  return refusals
    .filter((r) => r.channel === undefined)
    .map((r) => `Slack refused a view from the app (${r.via}: ${r.error}): ${r.problems.join("; ")}`);
}

function noteText(refusal: Refusal): string {
  const problems = refusal.problems.map((problem) => `\n• \`${escapeEntities(problem)}\``).join("");
  return `Slack refused a message from the app (${refusal.via}: \`${refusal.error}\`), so nobody sees it.${problems}`;
}

/** A Slack timestamp for the moment; the index keeps two refusals of the same millisecond apart. */
function tsAt(at: string | Date, index: number): string {
  const ms = new Date(at).getTime();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + (index % 1000)).padStart(6, "0")}`;
}
