/**
 * What a person hears when they may not do what they asked: a namespace this bot may not read, or a
 * subscription change reserved for SUBSCRIPTION_MANAGERS. Each says who or what is allowed instead.
 */
import type { NamespaceVerdict } from "../../workspaces/namespaces.js";
import { notice, type SlackMessage } from "./blocks.js";
import { groupMention, userMention } from "./mentions.js";
import { inlineCode } from "./mrkdwn.js";

/** Allowed namespaces named in a refusal; a longer list is counted. */
const NAMESPACES_NAMED = 10;

export function renderNamespaceRefused(
  namespace: string,
  verdict: Exclude<NamespaceVerdict, "allowed">,
  allowed: readonly string[] | "any",
): SlackMessage {
  if (verdict === "invalid") {
    return notice(
      "That is not a valid namespace name.",
      `:no_entry_sign: ${inlineCode(namespace, 60)}: that is not a valid namespace name.`,
      "Namespace names are plain letters, digits and punctuation (ASCII), without `..`.",
    );
  }
  return notice(
    "This bot may not read that namespace.",
    `:no_entry: This bot may not read namespace ${inlineCode(namespace, 60)}.`,
    allowed === "any" ? undefined : `It may read ${namespaceList(allowed)}.`,
  );
}

function namespaceList(allowed: readonly string[]): string {
  const named = allowed.slice(0, NAMESPACES_NAMED).map((ns) => inlineCode(ns, 60));
  const more = allowed.length - named.length;
  if (more > 0) return `${named.join(", ")} and ${more} more`;
  if (named.length === 1) return named[0] ?? "";
  return `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
}

export interface ManagerList {
  users: readonly string[];
  groups: readonly string[];
}

export function renderNotAManager(managers: ManagerList): SlackMessage {
  const who = [...managers.users.map(userMention), ...managers.groups.map(groupMention)];
  return notice(
    "Only subscription managers and workspace admins can change this channel's alerts.",
    `:lock: Only ${who.join(", ")} and workspace admins and owners can subscribe, unsubscribe, mute or ` +
      "unmute alerts.",
    "Ask one of them, or ask whoever runs the bot to add you to `SUBSCRIPTION_MANAGERS`.",
  );
}
