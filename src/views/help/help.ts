/** Every form of the command, each with an example a person can copy. */
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE } from "../../executions/types.js";
import { context, header, type KnownBlock, type SlackMessage, section } from "../shared/blocks.js";
import { escapeMrkdwn, truncatePlain } from "../shared/mrkdwn.js";

export interface HelpOptions {
  /** The slash command as installed, e.g. `/executions`. */
  command: string;
  /** How many executions a page shows when `limit:` is not given. */
  pageSize: number;
}

interface Form {
  usage: string;
  what: string;
  example: string;
}

function forms(pageSize: number): Array<{ title: string; forms: Form[] }> {
  return [
    {
      title: "List executions",
      forms: [
        {
          usage: "<retriever>",
          what: `The newest ${pageSize} executions of a retriever (name or id), with paging buttons.`,
          example: "my-retriever",
        },
        {
          usage: "<retriever> failed|completed|running|all",
          what: "Only executions with that status (also `status:failed`).",
          example: "my-retriever failed",
        },
        {
          usage: "<retriever> limit:N",
          what: `Show N per page, from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}.`,
          example: "my-retriever limit:5",
        },
        {
          usage: "<retriever> ns:NAMESPACE",
          what: "Look in another namespace than the default (also `namespace:`).",
          example: "my-retriever failed ns:production",
        },
      ],
    },
    {
      title: "Health at a glance",
      forms: [
        {
          usage: "<retriever> stats [24h|7d|30d]",
          what:
            "Runs, failure rate, p50/p95/p99 latency, cache hit rate and credits against the window before, " +
            "with sparklines, the slowest stage and the slowest queries. Default 24h.",
          example: "my-retriever stats 7d",
        },
        {
          usage: "digest <retriever> daily|weekly [at:09:00] [tz:Europe/Berlin]",
          what: "Post those stats and a chart in this channel every day (or every Monday) at that time.",
          example: "digest my-retriever daily at:09:00 tz:Europe/Berlin",
        },
        { usage: "digest <retriever> off", what: "Stop that digest.", example: "digest my-retriever off" },
      ],
    },
    {
      title: "Failure alerts in this channel",
      forms: [
        {
          usage: "subscribe <retriever> [ns:NAMESPACE] [mention:@someone] [recovery:off]",
          what:
            "Post here when an execution fails, optionally mentioning a person or a user group. When it " +
            "completes a run again, the alert is marked recovered and its thread says so (`recovery:off` not).",
          example: "subscribe my-retriever mention:@ana",
        },
        {
          usage: "unsubscribe <retriever> [when:…] [ns:NAMESPACE]",
          what: "Stop those alerts; name the rule when the channel has several for the retriever.",
          example: "unsubscribe my-retriever when:p95>800ms",
        },
        { usage: "subscriptions", what: "What this channel is subscribed to.", example: "subscriptions" },
        {
          usage: "mute <retriever> <30m|2h|1d> [ns:NAMESPACE]",
          what: "Pause alerts for a while (7 days at most).",
          example: "mute my-retriever 2h",
        },
        {
          usage: "unmute <retriever> [ns:NAMESPACE]",
          what: "Resume alerts now.",
          example: "unmute my-retriever",
        },
      ],
    },
    {
      title: "Threshold alerts in this channel",
      forms: [
        {
          usage: "subscribe <retriever> when:failure-rate>5% [over:15m] [min-runs:10]",
          what:
            "Post once when the share of failed runs over the window crosses the threshold, and mark it " +
            "recovered when it falls below 80% of it. Windows with fewer runs than min-runs are not judged.",
          example: "subscribe my-retriever when:failure-rate>5% over:30m",
        },
        {
          usage: "subscribe <retriever> when:p95>800ms [over:15m] [min-runs:10]",
          what: "The same for the p95 latency of the window (in ms or s).",
          example: "subscribe my-retriever when:p95>1.5s",
        },
      ],
    },
    {
      title: "Help",
      forms: [{ usage: "help", what: "This message.", example: "help" }],
    },
  ];
}

export function renderHelp(options: HelpOptions): SlackMessage {
  const command = escapeMrkdwn(options.command);
  const blocks: KnownBlock[] = [header(truncatePlain(`How to use ${options.command}`, 150))];
  for (const group of forms(options.pageSize)) {
    const lines = group.forms.map(
      (form) =>
        `\`${command} ${escapeMrkdwn(form.usage)}\`\n${escapeMrkdwn(form.what)}  ` +
        `e.g. \`${command} ${escapeMrkdwn(form.example)}\``,
    );
    blocks.push(section(`*${group.title}*\n\n${lines.join("\n\n")}`));
  }
  blocks.push(
    context(
      `Running \`${command}\` alone lets you pick a retriever. Words may come in any order after the ` +
        "retriever, in upper or lower case.",
    ),
  );
  return { text: `How to use ${command}: ${command} <retriever> [failed] [limit:N] [ns:NAMESPACE]`, blocks };
}
