/** The "Details" button that opens one execution in a modal; rows of a list put it next to each run. */
import {
  type ExecutionRef,
  encodeExecutionRef,
  isEncodableExecutionRef,
} from "../../executions/execution-ref.js";
import { type Button, plainText } from "../shared/blocks.js";
import { DETAILS_ACTION_ID } from "./action-ids.js";

/**
 * The button, or undefined when the ref could not be read back on a click (an id with spaces or
 * past 200 chars): a button that can only answer "stale" is worse than none.
 */
export function detailsButton(target: ExecutionRef): Button | undefined {
  if (!isEncodableExecutionRef(target)) return undefined;
  return {
    type: "button",
    action_id: DETAILS_ACTION_ID,
    text: plainText("Details"),
    value: encodeExecutionRef(target),
  };
}
