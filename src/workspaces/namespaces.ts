/**
 * Which Mixpeek namespaces a workspace may read (MIXPEEK_NAMESPACES). The API key may reach more than
 * the team should see; every path that names a namespace (the command, buttons, selects, modals,
 * subscriptions, the watcher) asks `check` first, before any Mixpeek call.
 */
import { isValidNamespaceName } from "../executions/names.js";

/** `*` in MIXPEEK_NAMESPACES: any namespace the API key reaches. */
export const ANY_NAMESPACE = "*";

export type NamespaceVerdict = "allowed" | "invalid" | "not_allowed";

export class NamespaceAccess {
  private readonly allowed: ReadonlySet<string> | "any";

  /**
   * `listed` is MIXPEEK_NAMESPACES as names or ids, or "any"; unset, only the default is allowed. The
   * default is always allowed: it is what every command without `ns:` reads.
   */
  constructor(
    readonly defaultNamespace: string,
    listed: readonly string[] | "any" | undefined,
  ) {
    this.allowed = listed === "any" ? "any" : new Set([defaultNamespace, ...(listed ?? [])]);
  }

  check(namespace: string): NamespaceVerdict {
    if (!isValidNamespaceName(namespace)) return "invalid";
    return this.allows(namespace) ? "allowed" : "not_allowed";
  }

  allows(namespace: string): boolean {
    return this.allowed === "any" || this.allowed.has(namespace);
  }

  /** The namespaces a person may name, for refusals; "any" when every one is allowed. */
  list(): readonly string[] | "any" {
    return this.allowed === "any" ? "any" : [...this.allowed];
  }
}

/** MIXPEEK_NAMESPACES as written: comma-separated names or ids, or `*`; a problem sentence when malformed. */
export function parseNamespaceList(text: string): readonly string[] | "any" | { problem: string } {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.includes(ANY_NAMESPACE)) {
    return names.length === 1
      ? "any"
      : { problem: "`*` allows every namespace and takes no others beside it" };
  }
  if (names.length === 0) return { problem: "names no namespace" };
  const bad = names.filter((name) => !isValidNamespaceName(name));
  if (bad.length > 0) return { problem: `${bad.length} of its entries are not namespace names` };
  return names;
}
