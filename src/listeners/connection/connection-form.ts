/** Reads the connect modal's submission: the fields as typed, or a sentence per field that is wrong. */
import type { ViewOutput } from "@slack/bolt";
import { isValidNamespaceName } from "../../executions/names.js";
import { CONNECT_BLOCK_IDS, CONNECT_INPUT_ACTION_ID } from "../../views/connection/connection.js";
import { parseNamespaceList } from "../../workspaces/namespaces.js";

export interface ConnectionForm {
  apiKey: string;
  defaultNamespace: string;
  namespaces: readonly string[] | "any";
}

export function readConnectionForm(
  view: ViewOutput,
): { errors: Record<string, string> } | { form: ConnectionForm } {
  const value = (block: string) => {
    const input = view.state.values[block]?.[CONNECT_INPUT_ACTION_ID];
    return typeof input?.value === "string" ? input.value.trim() : "";
  };
  const errors: Record<string, string> = {};
  const apiKey = value(CONNECT_BLOCK_IDS.apiKey);
  if (apiKey === "") errors[CONNECT_BLOCK_IDS.apiKey] = "Paste a Mixpeek API key.";
  else if (/\s/.test(apiKey) || apiKey.length < 8) {
    errors[CONNECT_BLOCK_IDS.apiKey] =
      "That does not look like a Mixpeek API key (no spaces, at least 8 characters).";
  }
  const defaultNamespace = value(CONNECT_BLOCK_IDS.defaultNamespace);
  if (!isValidNamespaceName(defaultNamespace)) {
    errors[CONNECT_BLOCK_IDS.defaultNamespace] = "Give the id or name of a namespace (plain ASCII, no `..`).";
  }
  const listed = value(CONNECT_BLOCK_IDS.namespaces);
  const parsed = listed === "" ? [] : parseNamespaceList(listed);
  if (!Array.isArray(parsed) && parsed !== "any") {
    errors[CONNECT_BLOCK_IDS.namespaces] = `This list ${(parsed as { problem: string }).problem}.`;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const namespaces = parsed as readonly string[] | "any";
  return { form: { apiKey, defaultNamespace, namespaces } };
}
