/**
 * What Slack does to text a person types before an app sees it (a slash command with should_escape, or a
 * message): `&`, `<` and `>` become entities, and `@name`, `#channel`, `@here` become Slack's tokens when
 * they name someone or something in the workspace.
 */
import type { Channel, User } from "../types.js";

export interface Directory {
  users: readonly User[];
  channels: readonly Channel[];
}

const SPECIAL = new Set(["here", "channel", "everyone"]);
// After a space, the start, or an option's `:`/`=` (`mention:@ana`), as Slack's autocomplete allows.
const REFERENCE = /(^|[\s:=(])([@#])([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

export function escapeTypedText(text: string, directory: Directory): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return escaped.replace(REFERENCE, (whole, before: string, sigil: string, name: string) => {
    const token = sigil === "@" ? userToken(name, directory) : channelToken(name, directory);
    if (token !== undefined) return before + token;
    // `@ana.` at the end of a sentence: the dot is not part of the name.
    const trimmed = name.replace(/[._-]+$/, "");
    if (trimmed === name || trimmed === "") return whole;
    const retry = sigil === "@" ? userToken(trimmed, directory) : channelToken(trimmed, directory);
    return retry === undefined ? whole : before + retry + name.slice(trimmed.length);
  });
}

function userToken(name: string, directory: Directory): string | undefined {
  const lower = name.toLowerCase();
  if (SPECIAL.has(lower)) return `<!${lower}>`;
  const user = directory.users.find((u) => u.name.toLowerCase() === lower);
  return user && `<@${user.id}|${user.name}>`;
}

function channelToken(name: string, directory: Directory): string | undefined {
  const lower = name.toLowerCase();
  const channel = directory.channels.find((c) => c.dmWith === undefined && c.name.toLowerCase() === lower);
  return channel && `<#${channel.id}|${channel.name}>`;
}
