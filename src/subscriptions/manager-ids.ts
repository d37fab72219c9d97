/**
 * SUBSCRIPTION_MANAGERS as written: Slack user ids (`U…`, `W…`) and user group ids (`S…`), comma-separated.
 * Ids, not names: a display name can be taken by anyone, an id cannot.
 */
export interface SubscriptionManagerIds {
  users: readonly string[];
  groups: readonly string[];
}

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const GROUP_ID = /^S[A-Z0-9]{2,30}$/;

export function parseManagerList(text: string): SubscriptionManagerIds | { problem: string } {
  const ids = text
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0) return { problem: "names nobody" };
  const users = ids.filter((id) => USER_ID.test(id));
  const groups = ids.filter((id) => GROUP_ID.test(id));
  const bad = ids.length - users.length - groups.length;
  if (bad > 0) {
    return { problem: `${bad} of its entries are neither a user id (U…, W…) nor a user group id (S…)` };
  }
  return { users: [...new Set(users)], groups: [...new Set(groups)] };
}
