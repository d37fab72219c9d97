/**
 * Taking secrets and response URLs out of text before it is logged or shown. A secret is found whole,
 * and also as a prefix of it of `PREFIX_MIN` characters or more: upstreams and proxies echo part of a
 * key back (an `x-request-id` built from its first characters), and half a key is still too much.
 */
export const REDACTED = "[redacted]";

/** A prefix this long of a secret at least twice as long is scrubbed like the secret. */
export const PREFIX_MIN = 10;

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is scrubbed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret === "") continue;
    out = secret.length >= 2 * PREFIX_MIN ? scrubPrefixes(out, secret) : out.split(secret).join(REDACTED);
  }
  return out;
}

/** Every run of text that starts like `secret` for at least PREFIX_MIN characters, as far as it matches. */
function scrubPrefixes(text: string, secret: string): string {
  const head = secret.slice(0, PREFIX_MIN);
  let from = text.indexOf(head);
  if (from === -1) return text;
  let out = "";
  let kept = 0;
  while (from !== -1) {
    let length = PREFIX_MIN;
    while (length < secret.length && text[from + length] === secret[length]) length++;
    out += text.slice(kept, from) + REDACTED;
    kept = from + length;
    from = text.indexOf(head, kept);
  }
  return out + text.slice(kept);
}

export interface ResponseUrlHosts {
  /** Origins response URLs live on (Slack's hooks hosts, and SLACK_API_URL's when set). */
  origins: readonly string[];
  /** Paths under this on those origins are the Web API's, not response URLs, and stay. */
  apiPath?: string;
}

/**
 * Replaces the path of every response URL with [redacted]: for 30 minutes it lets anyone post as the
 * bot into the conversation it came from. Plain and percent-encoded (a form body) spellings both.
 */
export function scrubResponseUrls(text: string, hosts: ResponseUrlHosts): string {
  let out = text;
  for (const origin of hosts.origins) {
    for (const [prefix, slash] of [
      [`${origin}/`, "/"],
      [`${encodeURIComponent(origin)}%2F`, "%2F"],
    ] as const) {
      if (!out.includes(prefix)) continue;
      const pattern = new RegExp(`${escapeRegExp(prefix)}([^\\s"'\\\\<>|&]*)`, "g");
      out = out.replace(pattern, (whole, path: string) => {
        const apiPath = hosts.apiPath?.replace(/^\//, "").replaceAll("/", slash);
        return apiPath && path.startsWith(apiPath) ? whole : `${prefix}${REDACTED}`;
      });
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
