/**
 * Where the bot may post an answer whose URL came in a request (a command's or click's `response_url`,
 * the picker's kept one). Slack's response URLs are always on its hooks hosts; anything else in a signed
 * request is someone pointing the bot at their own or an internal address (`http://127.0.0.1:…`,
 * `[::ffff:127.0.0.1]`, `2130706433`). The URL is compared by origin after WHATWG parsing, which turns
 * every spelling of an address into one, so no spelling gets past it.
 */
import type { Config } from "../config.js";
import type { ResponseUrlHosts } from "../util/scrub.js";

/** Slack's and GovSlack's hosts for response URLs. */
export const SLACK_HOOK_ORIGINS = ["https://hooks.slack.com", "https://hooks.slack-gov.com"] as const;

export class ResponseUrlPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(extraOrigins: readonly string[] = []) {
    this.origins = new Set([...SLACK_HOOK_ORIGINS, ...extraOrigins]);
  }

  /** Slack's hosts, and the origin of SLACK_API_URL when it is set (the stand-in in tests and the demo). */
  static fromConfig(config: Pick<Config, "slack">): ResponseUrlPolicy {
    return new ResponseUrlPolicy(responseUrlHosts(config).origins.slice(SLACK_HOOK_ORIGINS.length));
  }

  allows(raw: unknown): raw is string {
    if (typeof raw !== "string") return false;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    return url.username === "" && url.password === "" && this.origins.has(url.origin);
  }
}

/** The same hosts, for the logger to scrub response URLs on (the Web API's own paths stay readable). */
export function responseUrlHosts(config: Pick<Config, "slack">): ResponseUrlHosts {
  if (!config.slack.apiUrlSet) return { origins: SLACK_HOOK_ORIGINS };
  const api = new URL(config.slack.apiUrl);
  return { origins: [...SLACK_HOOK_ORIGINS, api.origin], apiPath: api.pathname };
}
