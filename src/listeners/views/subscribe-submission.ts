/**
 * "Subscribe" in the App Home's modal: the same request as `/executions subscribe <retriever> [ns:…]
 * [mention:…]` typed in the chosen channel, answered by the same code with the same checks (the
 * namespace allowlist, SUBSCRIPTION_MANAGERS) and told to that channel; the Home is then drawn again.
 * Only a conversation the person is in can be subscribed, as the command can only be typed there.
 */

import { decodePickerMetadata } from "../../views/executions/retriever-picker.js";
import {
  readSubscribeSubmission,
  SUBSCRIBE_MODAL_CALLBACK_ID,
  type SubscribeRequest,
} from "../../views/home/subscribe-modal.js";
import { notice } from "../../views/shared/blocks.js";
import { channelMention } from "../../views/shared/mentions.js";
import { tellChannelOrPerson } from "../channel-answer.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import { answerSubscriptionCommand, subscriptionGuard } from "../commands/subscription-commands.js";
import type { ViewSpec } from "../listener.js";
import { publishHome } from "../publish-home.js";

type Subscribe = SubscribeRequest & { teamId: string; userId: string };

const asCommand = (input: Subscribe) => ({
  kind: "subscribe" as const,
  retriever: input.retriever,
  namespace: input.namespace,
  ...(input.mention ? { mention: input.mention } : {}),
});

export const subscribeSubmission: ViewSpec<Subscribe> = {
  name: SUBSCRIBE_MODAL_CALLBACK_ID,
  read({ workspace }, { view, body }) {
    const metadata = decodePickerMetadata(view.private_metadata);
    const namespace = metadata?.namespace ?? workspace.defaultNamespace;
    const read = readSubscribeSubmission(view.state.values, { namespace, chosen: metadata?.chosen === true });
    if ("errors" in read) return read;
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    return { input: { ...read, teamId, userId: body.user.id } };
  },
  guard: (input) => subscriptionGuard(asCommand(input)) ?? {},
  async run(ctx, input) {
    const { deps, client } = ctx;
    const member = await deps.directory.conversationsOf(client, input.teamId, input.userId).catch(() => null);
    if (!member?.has(input.channelId)) {
      await ctx.reply(
        notice(
          "You can only subscribe a conversation you're in.",
          `:lock: You can only subscribe a conversation you're in, and I can't see you in ${channelMention(input.channelId)}. ` +
            "A private channel needs me there first: `/invite @Executions`.",
        ),
      );
      return "denied";
    }
    const request = {
      teamId: input.teamId,
      channelId: input.channelId,
      userId: input.userId,
      command: EXECUTIONS_COMMAND,
    };
    const answer = await answerSubscriptionCommand(ctx, request, asCommand(input));
    await tellChannelOrPerson(ctx, input.channelId, answer);
    await publishHome(ctx, input.teamId, input.userId);
    return answer.outcome;
  },
};
