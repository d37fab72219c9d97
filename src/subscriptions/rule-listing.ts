/** A channel's threshold rules with their state (OK, or firing since when), for the list and the Home tab. */
import type { AlertStore, Subscription } from "../alerts/store/index.js";
import type { RuleListing } from "../views/subscriptions/subscriptions.js";

/** Each subscription's rules with their state, for `/executions subscriptions`. */
export async function rulesOf(
  store: AlertStore,
  subs: readonly Subscription[],
): Promise<Map<number, RuleListing[]>> {
  const rules = await store.listRules(subs.map((sub) => sub.id));
  const states = await store.ruleStates(rules);
  const listing = new Map<number, RuleListing[]>();
  for (const rule of rules) {
    const state = states.get(rule.id);
    const list = listing.get(rule.subscriptionId) ?? [];
    list.push({ rule, firingSince: state?.firing ? (state.firedBy?.executionCreatedAt ?? null) : null });
    listing.set(rule.subscriptionId, list);
  }
  return listing;
}
