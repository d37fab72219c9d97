/**
 * Answers a person where Slack gives no response_url: a click in the App Home, a modal's submission. The
 * first answer opens a small modal with the request's trigger_id (valid 3 s, once); later answers update
 * it. Never throws: an answer that cannot be shown costs a log line.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../logger.js";
import { renderAnswerModal } from "../views/shared/answer-modal.js";
import type { Reply } from "./reply.js";

export function modalReply(client: WebClient, triggerId: string, logger: Logger): Reply {
  let viewId: string | undefined;
  return async (message) => {
    const view = renderAnswerModal(message);
    try {
      if (viewId === undefined) {
        const opened = await client.views.open({ trigger_id: triggerId, view });
        viewId = opened.view?.id;
      } else {
        await client.views.update({ view_id: viewId, view });
      }
      return true;
    } catch (error) {
      logger.warn({ err: error }, "could not show an answer in a modal");
      return false;
    }
  };
}
