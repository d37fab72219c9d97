import type { ApiMethod } from "./result.js";
import { fail, str } from "./result.js";

const authTest: ApiMethod = (_args, { ws }) => {
  const { identity } = ws;
  return {
    ok: true,
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamDomain,
    user: ws.user(identity.botUserId)?.name ?? "bot",
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
};

const usersInfo: ApiMethod = (args, { ws }) => {
  const user = ws.user(str(args.user) ?? "");
  if (!user) return fail("user_not_found");
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: ws.identity.teamId,
      name: user.name,
      real_name: user.name,
      deleted: false,
      is_admin: user.isAdmin === true,
      is_owner: user.isOwner === true,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: user.id === ws.identity.botUserId,
      tz: "Etc/UTC",
      tz_offset: 0,
      profile: { display_name: user.name, real_name: user.name },
    },
  };
};

const conversationsInfo: ApiMethod = (args, { ws }) => {
  const channel = ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return fail("channel_not_found");
  const isDm = channel.dmWith !== undefined;
  return {
    ok: true,
    channel: {
      id: channel.id,
      name: channel.name,
      is_channel: !isDm && channel.isPrivate !== true,
      is_group: !isDm && channel.isPrivate === true,
      is_im: isDm,
      is_private: isDm || channel.isPrivate === true,
      is_archived: false,
      is_member: ws.isMember(channel, ws.identity.botUserId),
      user: channel.dmWith,
    },
  };
};

export const identityMethods: Record<string, ApiMethod> = {
  "auth.test": authTest,
  "users.info": usersInfo,
  "conversations.info": conversationsInfo,
};
