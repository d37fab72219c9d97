import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import {
  decodePickerNamespace,
  RETRIEVER_SEARCH_ACTION_ID,
} from "../../../../src/views/executions/retriever-picker.js";
import {
  readSubscribeSubmission,
  renderSubscribeModal,
  SUBSCRIBE_BLOCK_IDS,
} from "../../../../src/views/home/subscribe-modal.js";

function values(picked: { channel?: string; retriever?: string; mention?: string | null }) {
  return {
    [SUBSCRIBE_BLOCK_IDS.channel]: {
      subscribe_channel: { type: "conversations_select", selected_conversation: picked.channel ?? null },
    },
    [SUBSCRIBE_BLOCK_IDS.retriever]: {
      [RETRIEVER_SEARCH_ACTION_ID]: {
        type: "external_select",
        selected_option: picked.retriever
          ? { text: { type: "plain_text", text: "x" }, value: picked.retriever }
          : null,
      },
    },
    [SUBSCRIBE_BLOCK_IDS.mention]: {
      subscribe_mention: { type: "users_select", selected_user: picked.mention ?? null },
    },
  };
}

describe("renderSubscribeModal", () => {
  it("asks for a conversation, a retriever searched like the picker's, and someone to mention", () => {
    const view = renderSubscribeModal({ namespace: "prod", namespaces: ["prod", "staging"] });
    expect(findBlockKitViolations(view, "modal")).toEqual([]);
    const types = (view.blocks as Array<{ element?: { type: string; action_id: string } }>).map(
      (b) => b.element?.type,
    );
    expect(types.slice(0, 3)).toEqual(["conversations_select", "external_select", "users_select"]);
    expect(JSON.stringify(view.blocks)).toContain('"action_id":"namespace_choice"');
    // The options listener searches the namespace the modal carries, as for the picker.
    expect(decodePickerNamespace(view.private_metadata)).toBe("prod");
  });
});

describe("readSubscribeSubmission", () => {
  const options = { namespace: "prod" };

  it("reads the channel, the retriever, the namespace and a mention", () => {
    expect(
      readSubscribeSubmission(values({ channel: "C0ALPHA", retriever: "ret_1", mention: "U0ANA" }), options),
    ).toEqual({
      channelId: "C0ALPHA",
      retriever: "ret_1",
      namespace: "prod",
      mention: "<@U0ANA>",
    });
    expect(readSubscribeSubmission(values({ channel: "G0PRIV", retriever: "ret_1" }), options)).toEqual({
      channelId: "G0PRIV",
      retriever: "ret_1",
      namespace: "prod",
    });
  });

  it("answers errors for what is missing or was never offered, and never throws", () => {
    expect(readSubscribeSubmission(values({}), options)).toEqual({
      errors: {
        [SUBSCRIBE_BLOCK_IDS.channel]: "Pick a channel.",
        [SUBSCRIBE_BLOCK_IDS.retriever]: "Pick a retriever from the list.",
      },
    });
    const forged = readSubscribeSubmission(
      values({ channel: "<!channel>", retriever: "a b", mention: "<!here>" }),
      options,
    );
    expect(Object.keys((forged as { errors: object }).errors)).toHaveLength(3);
    expect(readSubscribeSubmission("nonsense", options)).toHaveProperty("errors");
  });
});
