/**
 * The namespace a modal works in (the picker, Subscribe a channel), as a select when MIXPEEK_NAMESPACES
 * allows more than one: changing it redraws the modal for that namespace (listeners/actions/
 * namespace-choice.ts), so the retriever search looks there. One namespace, or `*` (which cannot be
 * listed), shows the namespace as a line instead.
 */
import { isAcceptableName } from "../../executions/names.js";
import { context, type KnownBlock, mrkdwn, type PlainTextOption, plainText } from "./blocks.js";
import { inlineCode, truncatePlain } from "./mrkdwn.js";
import { SLACK_LIMITS } from "./slack-limits.js";

export const NAMESPACE_CHOICE_ACTION_ID = "namespace_choice";
const BLOCK_ID = "namespace_choice";

/** The namespaces a modal offers: the current one first if it is not listed, each once, each usable. */
function choices(current: string, allowed: readonly string[]): string[] {
  const names = [...new Set([...allowed, current])];
  return names
    .filter((name) => isAcceptableName(name) && name.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions);
}

export function namespaceChoice(current: string, allowed: readonly string[] | "any"): KnownBlock {
  const names = allowed === "any" ? [] : choices(current, allowed);
  if (names.length < 2 || !names.includes(current)) return context(`Namespace ${inlineCode(current)}`);
  const options: PlainTextOption[] = names.map((name) => ({
    text: plainText(truncatePlain(name, SLACK_LIMITS.optionText)),
    value: name,
  }));
  return {
    type: "section",
    block_id: BLOCK_ID,
    text: mrkdwn("*Namespace*"),
    accessory: {
      type: "static_select",
      action_id: NAMESPACE_CHOICE_ACTION_ID,
      options,
      initial_option: options.find((option) => option.value === current),
    },
  };
}

/**
 * The block id of a modal's retriever select. A namespace chosen after opening gets ids of its own, so
 * Slack forgets a retriever picked in the namespace before.
 */
export function retrieverBlockId(base: string, chosenNamespace: string | undefined): string {
  return chosenNamespace === undefined ? base : `${base}@${chosenNamespace}`;
}
