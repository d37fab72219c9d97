export { DEFAULT_DATABASE_PATH, parseDatabaseUrl } from "./database-url.js";
export { parseRuleIncidentKey, RULE_METRICS, ruleIncidentKey } from "./incident-records.js";
export { openStore } from "./open-store.js";
export type { BudgetQuery, RequestBudgetStore } from "./request-budget.js";
export type * from "./types.js";
export { ALERT_STATES, SINGLE_WORKSPACE_ID } from "./types.js";
