/**
 * The Surface each message and view draws its blocks on: where its clicks go (the message's ts or the
 * view's ID) and the input values it keeps between redraws.
 */
import type { StoredMessage, StoredView } from "../../src/types.js";
import { post } from "./api.js";
import { confirmDialog, reportOutcome } from "./dialogs.js";
import type { MrkdwnContext } from "./mrkdwn.js";
import { type Suggestions, type Surface, SurfaceState } from "./surface.js";
import { isObject } from "./values.js";

export class Surfaces {
  private readonly states = new Map<string, SurfaceState>();

  constructor(private readonly md: () => MrkdwnContext) {}

  forMessage(message: StoredMessage): Surface {
    // A replaced message starts with fresh input state, as a new message would in Slack.
    return this.surface({ messageTs: message.ts }, this.state(`message:${message.ts}:${message.edited}`), {});
  }

  forView(view: StoredView, errors: Record<string, string>): Surface {
    // Input values survive views.update, as Slack keeps them when block and action IDs stay the same.
    return this.surface({ viewId: view.id }, this.state(`view:${view.id}`), errors);
  }

  private state(key: string): SurfaceState {
    let state = this.states.get(key);
    if (!state) {
      state = new SurfaceState();
      this.states.set(key, state);
    }
    return state;
  }

  private surface(
    where: Record<string, string>,
    state: SurfaceState,
    errors: Record<string, string>,
  ): Surface {
    return {
      md: this.md(),
      state,
      errors,
      act: async (action) =>
        reportOutcome(await post("action", { ...where, action, values: state.toJSON() })),
      suggest: async (actionId, blockId, value) => {
        const outcome = await post("suggestion", { ...where, actionId, blockId, value });
        return (isObject(outcome.response) ? outcome.response : {}) as Suggestions;
      },
      confirm: (dialog) => confirmDialog(dialog, this.md()),
    };
  }
}
