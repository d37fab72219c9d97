/**
 * The bot scopes an install asks for: exactly the manifest's `oauth_config.scopes.bot`
 * (manifest/manifest.yml; a test keeps the two equal). Why each is needed is said in the manifest.
 */
export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "channels:history",
  "groups:history",
  "channels:read",
  "groups:read",
  "im:read",
  "mpim:read",
  "users:read",
  "usergroups:read",
  "files:write",
] as const;
