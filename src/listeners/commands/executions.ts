/**
 * `/executions …`: help and usage mistakes are answered in the ack itself (nothing to fetch); everything
 * else is acked empty and answered through the response_url, so a slow Mixpeek or database never holds up
 * Slack's 3-second deadline.
 */
import { parseCommand } from "../../commands/grammar.js";
import { renderHelp } from "../../views/help/help.js";
import { renderUsage } from "../../views/shared/messages.js";
import type { CommandSpec } from "../listener.js";
import { showExecutionsPage } from "../show-executions-page.js";
import { showStats } from "../show-stats.js";
import { answerDigestCommand, digestGuard } from "./digest-commands.js";
import { openPicker } from "./open-picker.js";
import { answerSubscriptionCommand, channelRequestOf, subscriptionGuard } from "./subscription-commands.js";

export const EXECUTIONS_COMMAND = "/executions";

export const executionsCommand: CommandSpec = {
  plan(ctx, { command }) {
    const { deps } = ctx;
    const parsed = parseCommand(command.text ?? "", {
      pageSize: deps.config.pageSize,
      namespace: ctx.workspace.defaultNamespace,
    });
    const help = () => renderHelp({ command: command.command, pageSize: deps.config.pageSize });
    switch (parsed.kind) {
      case "help":
        return { name: parsed.kind, answerInAck: help(), outcome: "ok" };
      case "usage":
        return {
          name: parsed.kind,
          answerInAck: renderUsage(parsed.problem, { command: command.command }),
          outcome: "invalid",
        };
      case "picker":
        return {
          name: parsed.kind,
          async run() {
            if (await openPicker(ctx, command)) return "ok";
            // No modal (an expired trigger): the help says how to type the same thing.
            await ctx.reply(help());
            return "error";
          },
        };
      case "list":
        return {
          name: parsed.kind,
          guard: { namespace: parsed.query.namespace },
          run: () => showExecutionsPage(ctx, parsed.query, { replaceOriginal: false, fetchingNotice: true }),
        };
      case "stats": {
        const { retriever, namespace, window } = parsed;
        return {
          name: parsed.kind,
          guard: { namespace },
          run: () => showStats(ctx, { retriever, namespace, window }, { replaceOriginal: false }),
        };
      }

      case "digest":
      case "digest_off":
        return {
          name: parsed.kind,
          guard: digestGuard(parsed),
          async run() {
            const answer = await answerDigestCommand(ctx, command, parsed);
            await ctx.reply(answer.message, { response_type: answer.visibility });
            return answer.outcome;
          },
        };
      default:
        return {
          name: parsed.kind,
          guard: subscriptionGuard(parsed),
          async run() {
            const answer = await answerSubscriptionCommand(ctx, channelRequestOf(command), parsed);
            await ctx.reply(answer.message, { response_type: answer.visibility });
            await answer.afterwards?.();
            return answer.outcome;
          },
        };
    }
  },
};
