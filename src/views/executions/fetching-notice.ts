/**
 * What a person sees while Mixpeek is slow to send a page: one line, replaced by the page when it comes.
 */
import { context, type SlackMessage } from "../shared/blocks.js";
import { escapeMrkdwn, oneLine, truncate, truncatePlain } from "../shared/mrkdwn.js";

const NAME_LENGTH = 80;

export function renderFetchingNotice(retriever: string): SlackMessage {
  const name = oneLine(retriever);
  return {
    text: `Fetching executions of ${truncatePlain(name, NAME_LENGTH)}…`,
    blocks: [
      context(
        `:hourglass_flowing_sand: Fetching executions of ${truncate(escapeMrkdwn(name), NAME_LENGTH)}…`,
      ),
    ],
  };
}
