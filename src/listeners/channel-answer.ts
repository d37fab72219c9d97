/**
 * An answer to a channel request made away from the channel (from the App Home): a change is told to the
 * channel with chat.postMessage, as the command tells it through its response_url; anything else (already
 * subscribed, no such retriever) goes to the person, through ctx.reply.
 */
import { classifySlackError } from "../slack/slack-errors.js";
import { notice } from "../views/shared/blocks.js";
import { channelMention } from "../views/shared/mentions.js";
import type { CommandAnswer } from "./commands/subscription-commands.js";
import type { RequestContext } from "./listener.js";

export async function tellChannelOrPerson(
  ctx: RequestContext,
  channelId: string,
  answer: CommandAnswer,
): Promise<void> {
  if (answer.visibility === "ephemeral") {
    await ctx.reply(answer.message);
    return;
  }
  try {
    await ctx.client.chat.postMessage({
      channel: channelId,
      text: answer.message.text,
      blocks: answer.message.blocks,
    });
  } catch (error) {
    const { code } = classifySlackError(error);
    ctx.deps.metrics.recordSlackApiError("chat.postMessage", code);
    ctx.deps.logger.warn(
      { channel: channelId, code },
      "could not tell a channel of a change made from the Home tab",
    );
    await ctx.reply(
      notice(
        "Done, but the channel could not be told.",
        `:white_check_mark: Done, but I couldn't post in ${channelMention(channelId)} (\`${code}\`). ` +
          "Alerts need me there too: invite me with `/invite @Executions`.",
      ),
    );
  }
}
