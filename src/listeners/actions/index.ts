import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { ALERT_ACTION_IDS } from "../../views/alerts/alert-actions.js";
import {
  ACTION_IDS,
  DETAILS_ACTION_ID,
  DETAILS_SELECT_ACTION_ID,
  PAGE_BUTTON_ACTION_ID,
  SHARE_ACTION_ID,
} from "../../views/executions/action-ids.js";
import { HOME_ACTION_IDS } from "../../views/home/home-controls.js";
import { NAMESPACE_CHOICE_ACTION_ID } from "../../views/shared/namespace-choice.js";
import { STATS_ACTION_IDS, STATS_SHOW_ACTION_ID } from "../../views/stats/stats-action-ids.js";
import { UNSUBSCRIBE_ACTION_ID } from "../../views/subscriptions/subscriptions.js";
import { onAction } from "../listener.js";
import { executionDetails } from "./execution-details.js";
import { homeSubscriptionButton } from "./home-subscriptions.js";
import { muteAlerts, unmuteAlerts } from "./mute-alerts.js";
import { namespaceChange } from "./namespace-choice.js";
import { openSubscribeModal } from "./open-subscribe-modal.js";
import { pageNavigation } from "./page-navigation.js";
import { postChart } from "./post-chart.js";
import { sharePage } from "./share-page.js";
import { showStatsButton } from "./show-stats-button.js";
import { unsubscribeButton } from "./unsubscribe.js";

export function registerActions(app: App, deps: BotDeps): void {
  const navigate = onAction(deps, pageNavigation);
  app.action(PAGE_BUTTON_ACTION_ID, navigate);
  app.action(ACTION_IDS.statusFilter, navigate);
  app.action(UNSUBSCRIBE_ACTION_ID, onAction(deps, unsubscribeButton));
  const details = onAction(deps, executionDetails);
  app.action(DETAILS_ACTION_ID, details);
  app.action(DETAILS_SELECT_ACTION_ID, details);
  app.action(SHARE_ACTION_ID, onAction(deps, sharePage));
  app.action(ALERT_ACTION_IDS.mute1h, onAction(deps, muteAlerts));
  app.action(ALERT_ACTION_IDS.unmute, onAction(deps, unmuteAlerts));
  const homeButton = onAction(deps, homeSubscriptionButton);
  app.action(HOME_ACTION_IDS.mute, homeButton);
  app.action(HOME_ACTION_IDS.unmute, homeButton);
  app.action(HOME_ACTION_IDS.unsubscribe, homeButton);
  app.action(HOME_ACTION_IDS.subscribe, onAction(deps, openSubscribeModal));
  app.action(NAMESPACE_CHOICE_ACTION_ID, onAction(deps, namespaceChange));
  app.action(STATS_SHOW_ACTION_ID, onAction(deps, showStatsButton));
  app.action(STATS_ACTION_IDS.postChart, onAction(deps, postChart));
}
