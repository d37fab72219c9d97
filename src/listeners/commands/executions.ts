/**
 * `/executions …`: parse, ack at once, then answer. Help and usage mistakes are answered in the ack
 * itself (nothing to fetch); a listing is acked empty and delivered through the response_url, so a
 * slow Mixpeek never holds up Slack's 3-second deadline.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCommand } from "../../commands/grammar.js";
import type { BotDeps } from "../../deps.js";
import { renderHelp } from "../../views/help.js";
import { renderInternalError, renderUsage } from "../../views/messages.js";
import { respondSafely } from "../respond.js";
import { showExecutionsPage } from "../show-executions-page.js";
import { answerSubscriptionCommand } from "./subscription-commands.js";

export const EXECUTIONS_COMMAND = "/executions";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function executionsCommand(deps: BotDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const started = performance.now();
    const parsed = parseCommand(command.text ?? "", {
      pageSize: deps.config.pageSize,
      namespace: deps.config.mixpeek.namespace,
    });
    const log = (outcome: string) =>
      deps.logger.info(
        { event: "command", kind: parsed.kind, outcome, durationMs: Math.round(performance.now() - started) },
        "command handled",
      );

    switch (parsed.kind) {
      case "help":
        await ack({ response_type: "ephemeral", ...renderHelp({ command: command.command, pageSize: deps.config.pageSize }) });
        return log("ok");
      case "usage":
        await ack({ response_type: "ephemeral", ...renderUsage(parsed.problem, { command: command.command }) });
        return log("usage");
      case "list": {
        await ack();
        const outcome = await showExecutionsPage(deps, respond, parsed.query, { replaceOriginal: false });
        return log(outcome);
      }
      case "picker":
        await ack({ response_type: "ephemeral", ...renderHelp({ command: command.command, pageSize: deps.config.pageSize }) });
        return log("ok");
      default: {
        await ack();
        try {
          const answer = await answerSubscriptionCommand(deps, command, parsed);
          await respondSafely(respond, answer.message, { response_type: answer.visibility }, deps.logger);
          return log(answer.outcome);
        } catch (error) {
          deps.logger.error({ err: error, kind: parsed.kind }, "subscription command failed");
          await respondSafely(respond, renderInternalError(), { response_type: "ephemeral" }, deps.logger);
          return log("error");
        }
      }
    }
  };
}
