/**
 * The threshold-rule side of subscribe, unsubscribe and subscriptions (issue 16): adding a rule to the
 * channel's subscription of a retriever, choosing which of several alerts `unsubscribe` removes, and each
 * rule's state for the list.
 */
import { matchesRule, type RuleTarget } from "../../alerts/incidents/rules.js";
import type { AlertStore, RuleSpec, SubscribeResult, Subscription } from "../../alerts/store/index.js";
import {
  renderFailureAlertsStopped,
  renderNoSuchAlert,
  renderRuleAdded,
  renderRuleExists,
  renderRuleRemoved,
  renderWhichAlert,
} from "../../views/subscriptions/rule-changes.js";
import { renderUnsubscribed } from "../../views/subscriptions/subscription-changes.js";
import type { ChannelRequest, CommandAnswer } from "./subscription-commands.js";

const ephemeral = (
  message: CommandAnswer["message"],
  outcome: CommandAnswer["outcome"] = "ok",
): CommandAnswer => ({
  message,
  visibility: "ephemeral",
  outcome,
});
const inChannel = (message: CommandAnswer["message"]): CommandAnswer => ({
  message,
  visibility: "in_channel",
  outcome: "ok",
});

/** After `subscribe … when:…` made sure of the subscription: the rule added, or already there. */
export async function addRule(
  store: AlertStore,
  command: ChannelRequest,
  subscribed: SubscribeResult,
  rule: RuleSpec,
  now: Date,
): Promise<CommandAnswer> {
  const { subscription } = subscribed;
  const added = await store.addRule(subscription.id, rule, command.userId, now);
  if (added.created) return inChannel(renderRuleAdded(subscription, added.rule, command.command));
  return ephemeral(renderRuleExists(subscription, added.rule, command.command));
}

/**
 * `unsubscribe` on a subscription: without `when:` it removes the subscription when it holds one alert,
 * and asks which when it holds several; with `when:` it removes the alert named.
 */
export async function unsubscribeFrom(
  store: AlertStore,
  command: ChannelRequest,
  sub: Subscription,
  target: RuleTarget | undefined,
  now: Date,
): Promise<CommandAnswer> {
  const by = command.userId;
  const rules = await store.listRules([sub.id]);
  if (target === undefined) {
    if (rules.length + (sub.failureAlerts ? 1 : 0) > 1) {
      return ephemeral(renderWhichAlert(sub, rules, command.command), "invalid");
    }
    await store.deleteSubscription(sub.id);
    const [rule] = rules;
    return inChannel(rule ? renderRuleRemoved(sub, rule, by) : renderUnsubscribed(sub, by));
  }
  if (target.kind === "failures") {
    if (!sub.failureAlerts) return ephemeral(renderNoSuchAlert(sub, rules, command.command), "invalid");
    await store.dropFailureAlerts(sub.id, by, now);
    return inChannel(renderFailureAlertsStopped(sub, by, rules.length > 0));
  }
  const matching = rules.filter((rule) => matchesRule(target, rule));
  const [only, another] = matching;
  if (only === undefined) return ephemeral(renderNoSuchAlert(sub, rules, command.command), "invalid");
  if (another !== undefined)
    return ephemeral(
      renderWhichAlert({ ...sub, failureAlerts: false }, matching, command.command),
      "invalid",
    );
  await store.removeRule(only.id);
  return inChannel(renderRuleRemoved(sub, only, by));
}
