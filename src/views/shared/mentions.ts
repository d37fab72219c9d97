/**
 * Slack mention tokens built from ids the bot stored. An id is only ever wrapped into a token when it
 * looks like one Slack issued; anything else is shown as escaped text, so a bad row cannot ping
 * `<!channel>` or fake a link.
 */
import { inlineCode } from "./mrkdwn.js";

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

/** `<@U123>`, or the id as inline code when it is not a user id. */
export function userMention(userId: string): string {
  return USER_ID.test(userId) ? `<@${userId}>` : inlineCode(userId, 40);
}

/** `<#C123>`, or the id as inline code when it is not a channel id. */
export function channelMention(channelId: string): string {
  return CHANNEL_ID.test(channelId) ? `<#${channelId}>` : inlineCode(channelId, 40);
}

const GROUP_ID = /^S[A-Z0-9]{2,30}$/;

/** `<!subteam^S123>`, or the id as inline code when it is not a user group id. */
export function groupMention(groupId: string): string {
  return GROUP_ID.test(groupId) ? `<!subteam^${groupId}>` : inlineCode(groupId, 40);
}
