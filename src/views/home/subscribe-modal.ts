/**
 * "Subscribe a channel" from the App Home: a conversation, a retriever (searched in Mixpeek as the person
 * types, through the picker's external select and options listener) and, if they like, someone to
 * mention. The namespace rides in `private_metadata` in the picker's format, and can be chosen when
 * MIXPEEK_NAMESPACES allows more than one.
 */
import type { types } from "@slack/bolt";
import * as z from "zod";
import { isAcceptableName } from "../../executions/names.js";
import {
  encodePickerMetadata,
  RETRIEVER_SEARCH_ACTION_ID,
  retrieverSearchInput,
} from "../executions/retriever-picker.js";
import { context, plainText } from "../shared/blocks.js";
import { namespaceChoice, retrieverBlockId } from "../shared/namespace-choice.js";

export const SUBSCRIBE_MODAL_CALLBACK_ID = "home_subscribe_modal";
export const SUBSCRIBE_BLOCK_IDS = {
  channel: "subscribe_channel",
  retriever: "subscribe_retriever",
  mention: "subscribe_mention",
} as const;
const CHANNEL_ACTION_ID = "subscribe_channel";
const MENTION_ACTION_ID = "subscribe_mention";

export interface SubscribeModalOptions {
  namespace: string;
  namespaces?: readonly string[] | "any";
  /** The person chose the namespace in the modal (its retriever select then has ids of its own). */
  chosen?: boolean;
}

export function renderSubscribeModal(options: SubscribeModalOptions): types.ModalView {
  const view: types.ModalView = {
    type: "modal",
    callback_id: SUBSCRIBE_MODAL_CALLBACK_ID,
    title: plainText("Subscribe a channel"),
    submit: plainText("Subscribe"),
    close: plainText("Cancel"),
    blocks: [
      {
        type: "input",
        block_id: SUBSCRIBE_BLOCK_IDS.channel,
        label: plainText("Post failed runs in"),
        element: {
          type: "conversations_select",
          action_id: CHANNEL_ACTION_ID,
          placeholder: plainText("Pick a channel you're in"),
          filter: { include: ["public", "private"], exclude_bot_users: true },
        },
      },
      retrieverSearchInput(SUBSCRIBE_BLOCK_IDS.retriever, options.chosen ? options.namespace : undefined),
      {
        type: "input",
        block_id: SUBSCRIBE_BLOCK_IDS.mention,
        optional: true,
        label: plainText("Mention in each alert"),
        element: {
          type: "users_select",
          action_id: MENTION_ACTION_ID,
          placeholder: plainText("Nobody"),
        },
      },
      namespaceChoice(options.namespace, options.namespaces ?? [options.namespace]),
      context("The channel is told who subscribed it, as with `/executions subscribe`."),
    ],
  };
  const metadata = encodePickerMetadata({ namespace: options.namespace, chosen: options.chosen });
  if (metadata !== undefined) view.private_metadata = metadata;
  return view;
}

export interface SubscribeRequest {
  channelId: string;
  retriever: string;
  namespace: string;
  /** `<@U123>`, or undefined for nobody. */
  mention?: string;
}

const StateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const ChannelSchema = z.looseObject({ selected_conversation: z.string().regex(/^[CG][A-Z0-9]{2,30}$/) });
const RetrieverSchema = z.looseObject({
  selected_option: z.looseObject({ value: z.string().refine(isAcceptableName) }),
});
const MentionSchema = z.looseObject({
  selected_user: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,30}$/)
    .nullish(),
});

/** What was asked for, or the errors to show in the modal (a value it never offered is refused). */
export function readSubscribeSubmission(
  stateValues: unknown,
  options: { namespace: string; chosen?: boolean },
): SubscribeRequest | { errors: Record<string, string> } {
  const parsed = StateSchema.safeParse(stateValues);
  const state = parsed.success ? parsed.data : {};
  const retrieverBlock = retrieverBlockId(
    SUBSCRIBE_BLOCK_IDS.retriever,
    options.chosen ? options.namespace : undefined,
  );
  const channel = ChannelSchema.safeParse(state[SUBSCRIBE_BLOCK_IDS.channel]?.[CHANNEL_ACTION_ID]);
  const retriever = RetrieverSchema.safeParse(state[retrieverBlock]?.[RETRIEVER_SEARCH_ACTION_ID]);
  const rawMention = state[SUBSCRIBE_BLOCK_IDS.mention]?.[MENTION_ACTION_ID];
  const mention = MentionSchema.safeParse(rawMention ?? {});
  const errors: Record<string, string> = {};
  if (!channel.success) errors[SUBSCRIBE_BLOCK_IDS.channel] = "Pick a channel.";
  if (!retriever.success) errors[retrieverBlock] = "Pick a retriever from the list.";
  if (!mention.success) errors[SUBSCRIBE_BLOCK_IDS.mention] = "Pick a person, or nobody.";
  if (!channel.success || !retriever.success || !mention.success) return { errors };
  const user = mention.data.selected_user;
  return {
    channelId: channel.data.selected_conversation,
    retriever: retriever.data.selected_option.value,
    namespace: options.namespace,
    ...(user ? { mention: `<@${user}>` } : {}),
  };
}
