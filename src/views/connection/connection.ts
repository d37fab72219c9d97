/**
 * Connecting a workspace to Mixpeek (distributed mode): the "Connect Mixpeek first" answer, the connect
 * modal, and what connecting and disconnecting tell. A saved key is never shown, only its last 4
 * characters; the modal never carries a key back.
 */
import type { types } from "@slack/bolt";
import type { StoredConnection } from "../../alerts/store/index.js";
import { context, type KnownBlock, plainText, type SlackMessage, section } from "../shared/blocks.js";
import { escapeMrkdwn, inlineCode, slackDate } from "../shared/mrkdwn.js";

export type ModalView = types.ModalView;

export const CONNECT_ACTION_ID = "connect_mixpeek";
export const CONNECT_CALLBACK_ID = "connect_mixpeek_modal";
export const CONNECT_BLOCK_IDS = {
  apiKey: "connect_api_key",
  defaultNamespace: "connect_default_namespace",
  namespaces: "connect_namespaces",
} as const;
/** The inputs' action ids: the same word as their block. */
export const CONNECT_INPUT_ACTION_ID = "value";

function connectButton(label = "Connect Mixpeek"): KnownBlock {
  return {
    type: "actions",
    elements: [{ type: "button", action_id: CONNECT_ACTION_ID, text: plainText(label), style: "primary" }],
  };
}

/** What every command answers in a workspace that has not connected Mixpeek yet. */
export function renderConnectFirst(command: string): SlackMessage {
  const text = "Connect Mixpeek first: this workspace has no Mixpeek account linked yet.";
  return {
    text,
    blocks: [
      section(`:electric_plug: *Connect Mixpeek first.* This workspace has no Mixpeek account linked yet.`),
      context(
        `A workspace admin or owner can press *Connect Mixpeek* or type ${inlineCode(`${command} connect`)}: it asks for an API key and the namespaces people may read.`,
      ),
      connectButton(),
    ],
  };
}

export interface ConnectModalOptions {
  /** The connection there is now, shown as its key's last 4 characters; none yet on a first connect. */
  current?: StoredConnection | null | undefined;
  /** Why the last try was refused (a wrong key, a namespace Mixpeek does not know), shown on top. */
  problem?: string | undefined;
}

export function renderConnectModal(options: ConnectModalOptions = {}): ModalView {
  const { current, problem } = options;
  const blocks: KnownBlock[] = [];
  if (problem) blocks.push(section(`:warning: ${escapeMrkdwn(problem)}`));
  if (current) {
    blocks.push(
      context(`Connected now with the key ending in ${inlineCode(current.keyLast4)}. A new key replaces it.`),
    );
  }
  blocks.push(
    {
      type: "input",
      block_id: CONNECT_BLOCK_IDS.apiKey,
      label: plainText("Mixpeek API key"),
      hint: plainText("Checked with Mixpeek before it is saved; stored encrypted and never shown again."),
      element: {
        type: "plain_text_input",
        action_id: CONNECT_INPUT_ACTION_ID,
        placeholder: plainText("sk_…"),
        max_length: 500,
      },
    },
    {
      type: "input",
      block_id: CONNECT_BLOCK_IDS.defaultNamespace,
      label: plainText("Default namespace"),
      hint: plainText("Read when a command names none (id or name)."),
      element: {
        type: "plain_text_input",
        action_id: CONNECT_INPUT_ACTION_ID,
        max_length: 200,
        ...(current ? { initial_value: current.defaultNamespace } : {}),
      },
    },
    {
      type: "input",
      block_id: CONNECT_BLOCK_IDS.namespaces,
      optional: true,
      label: plainText("Other namespaces people may read"),
      hint: plainText(
        "Comma-separated names or ids, or * for every namespace the key reaches. Empty: the default only.",
      ),
      element: {
        type: "plain_text_input",
        action_id: CONNECT_INPUT_ACTION_ID,
        max_length: 2000,
        ...(current && current.allowedNamespaces !== "any" && current.allowedNamespaces.length > 0
          ? { initial_value: current.allowedNamespaces.join(", ") }
          : current?.allowedNamespaces === "any"
            ? { initial_value: "*" }
            : {}),
      },
    },
  );
  return {
    type: "modal",
    callback_id: CONNECT_CALLBACK_ID,
    title: plainText("Connect Mixpeek"),
    submit: plainText("Connect"),
    close: plainText("Cancel"),
    blocks,
  };
}

/** Shown in the modal while Mixpeek checks the key. */
export function renderConnectChecking(): ModalView {
  return {
    type: "modal",
    callback_id: CONNECT_CALLBACK_ID,
    title: plainText("Connect Mixpeek"),
    close: plainText("Close"),
    blocks: [section(":hourglass_flowing_sand: Checking the key with Mixpeek…")],
  };
}

/** The modal once connected. */
export function renderConnectDone(connection: StoredConnection, command: string): ModalView {
  return {
    type: "modal",
    callback_id: CONNECT_CALLBACK_ID,
    title: plainText("Connect Mixpeek"),
    close: plainText("Done"),
    blocks: [
      section(
        `:white_check_mark: *Connected.* The key ending in ${inlineCode(connection.keyLast4)} reads ${namespacesText(connection)}.`,
      ),
      context(`Try ${inlineCode(`${command} help`)} in any channel.`),
    ],
  };
}

function namespacesText(connection: StoredConnection): string {
  const { defaultNamespace, allowedNamespaces } = connection;
  if (allowedNamespaces === "any")
    return `${inlineCode(defaultNamespace)} by default, and any namespace it reaches`;
  const others = allowedNamespaces.filter((ns) => ns !== defaultNamespace);
  return others.length === 0
    ? `${inlineCode(defaultNamespace)}`
    : `${inlineCode(defaultNamespace)} by default, and ${others.map((ns) => inlineCode(ns)).join(", ")}`;
}

/** `/executions connect` (or disconnect) by someone who may not. */
export function renderNotAllowedToConnect(managersSet: boolean): SlackMessage {
  const who = managersSet
    ? "workspace admins and owners, and the people SUBSCRIPTION_MANAGERS names"
    : "workspace admins and owners";
  return {
    text: `Only ${who} can connect or disconnect Mixpeek.`,
    blocks: [section(`:lock: Only ${who} can connect or disconnect Mixpeek. Nothing changed.`)],
  };
}

export function renderDisconnected(
  removed: StoredConnection | null,
  by: string,
  command: string,
): SlackMessage {
  if (!removed) {
    return {
      text: "This workspace was not connected to Mixpeek.",
      blocks: [section("This workspace was not connected to Mixpeek. Nothing changed.")],
    };
  }
  const text = `Mixpeek disconnected: the key ending in ${removed.keyLast4} is deleted.`;
  return {
    text,
    blocks: [
      section(
        `:electric_plug: <@${by}> disconnected Mixpeek: the key ending in ${inlineCode(removed.keyLast4)} is deleted. Subscriptions stay, and are checked again once someone connects (${inlineCode(`${command} connect`)}).`,
      ),
    ],
  };
}

/** `/executions connect` when the modal could not open (an expired trigger). */
export function renderConnectStatus(current: StoredConnection | null, command: string): SlackMessage {
  const line = current
    ? `Connected with the key ending in ${inlineCode(current.keyLast4)} since ${slackDate(current.connectedAt)}.`
    : "Not connected to Mixpeek yet.";
  return {
    text: line,
    blocks: [
      section(line),
      context(`Type ${inlineCode(`${command} connect`)} again to open the form.`),
      connectButton(),
    ],
  };
}

/** The Home tab of a workspace that has not connected Mixpeek. */
export function renderConnectHome(command: string): types.HomeView {
  return {
    type: "home",
    blocks: [
      { type: "header", text: plainText("Executions") },
      section(
        "*Connect Mixpeek first.* This workspace has no Mixpeek account linked yet, so there are no executions to show or watch.",
      ),
      context(
        `A workspace admin or owner can press the button or type ${inlineCode(`${command} connect`)} in any channel.`,
      ),
      connectButton(),
    ],
  };
}
