/**
 * `/executions …`: parse, ack at once, then answer. Help and usage mistakes are answered in the ack
 * itself (nothing to fetch); everything else is acked empty and answered through the response_url, so
 * a slow Mixpeek or database never holds up Slack's 3-second deadline.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCommand } from "../../commands/grammar.js";
import type { BotDeps } from "../../deps.js";
import { renderHelp } from "../../views/help/help.js";
import { renderInternalError, renderUsage } from "../../views/shared/messages.js";
import { timeRequest } from "../instrument.js";
import { respondSafely } from "../respond.js";
import { showExecutionsPage } from "../show-executions-page.js";
import { openPicker } from "./open-picker.js";
import { answerSubscriptionCommand } from "./subscription-commands.js";

export const EXECUTIONS_COMMAND = "/executions";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function executionsCommand(deps: BotDeps) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const parsed = parseCommand(command.text ?? "", {
      pageSize: deps.config.pageSize,
      namespace: deps.config.mixpeek.namespace,
    });
    const timer = timeRequest(deps, "command", parsed.kind);

    switch (parsed.kind) {
      case "picker": {
        await ack();
        timer.acked();
        if (await openPicker(deps, client, command)) return timer.done("ok");
        // No modal (an expired trigger): the help says how to type the same thing.
        await respondSafely(
          respond,
          renderHelp({ command: command.command, pageSize: deps.config.pageSize }),
          { response_type: "ephemeral" },
          deps.logger,
        );
        return timer.done("error");
      }
      case "help":
        await ack({
          response_type: "ephemeral",
          ...renderHelp({ command: command.command, pageSize: deps.config.pageSize }),
        });
        timer.acked();
        return timer.done("ok");
      case "usage":
        await ack({
          response_type: "ephemeral",
          ...renderUsage(parsed.problem, { command: command.command }),
        });
        timer.acked();
        return timer.done("invalid");
      case "list": {
        await ack();
        timer.acked();
        return timer.done(await showExecutionsPage(deps, respond, parsed.query, { replaceOriginal: false }));
      }
      default: {
        await ack();
        timer.acked();
        try {
          const answer = await answerSubscriptionCommand(deps, command, parsed);
          await respondSafely(respond, answer.message, { response_type: answer.visibility }, deps.logger);
          return timer.done(answer.outcome);
        } catch (error) {
          deps.logger.error({ err: error, kind: parsed.kind }, "subscription command failed");
          await respondSafely(respond, renderInternalError(), { response_type: "ephemeral" }, deps.logger);
          return timer.done("error");
        }
      }
    }
  };
}
