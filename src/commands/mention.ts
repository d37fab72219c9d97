/**
 * Who an alert should mention. Slack escapes mentions in command text as `<@U123>`, `<@U123|ana>`,
 * `<!subteam^S123|@team>` or `<!subteam^S123>`; without escaping it sends plain `@ana`. The result is
 * the token to put in a message, so broadcasts (`<!channel>`, `<!here>`, `<!everyone>`) are refused.
 */
import { quote, unescapeSlackText } from "./tokens.js";

export type MentionResult = { ok: true; mention: string } | { ok: false; problem: string };

const USER = /^<@([UW][A-Z0-9]{2,20})(?:\|[^<>]*)?>$/;
const USER_GROUP = /^<!subteam\^(S[A-Z0-9]{2,20})(?:\|[^<>]*)?>$/;
const BROADCAST = /^<!(?:channel|here|everyone)(?:\|[^<>]*)?>$/i;
const PLAIN_BROADCAST = /^@(?:channel|here|everyone)$/i;
// Slack usernames: lower-case letters, digits, dots, dashes and underscores, up to 80 characters.
const PLAIN_NAME = /^@[\p{L}\p{N}._-]{1,80}$/u;

const BROADCAST_PROBLEM =
  "Alerts can't mention @channel, @here or @everyone: that would ping everyone on every failure. " +
  "Mention a person or a user group instead, e.g. `mention:@ana`.";

/** True for a Slack token that can only be meant as a mention, so `subscribe` may take it bare. */
export function looksLikeMention(raw: string): boolean {
  return USER.test(raw) || USER_GROUP.test(raw) || BROADCAST.test(raw);
}

/** Reads the value of `mention:` exactly as Slack sent it (entities still escaped). */
export function parseMention(raw: string): MentionResult {
  const user = USER.exec(raw);
  if (user) return { ok: true, mention: `<@${user[1]}>` };
  const group = USER_GROUP.exec(raw);
  if (group) return { ok: true, mention: `<!subteam^${group[1]}>` };
  if (BROADCAST.test(raw) || PLAIN_BROADCAST.test(raw)) return { ok: false, problem: BROADCAST_PROBLEM };
  if (PLAIN_NAME.test(raw)) return { ok: true, mention: raw };
  if (raw.startsWith("<#")) {
    return { ok: false, problem: "`mention:` takes a person or a user group, not a channel." };
  }
  if (raw.length === 0) {
    return { ok: false, problem: "`mention:` needs someone after it, e.g. `mention:@ana`." };
  }
  return {
    ok: false,
    problem: `${quote(unescapeSlackText(raw))} isn't a person or a user group. Write it like \`mention:@ana\`.`,
  };
}
