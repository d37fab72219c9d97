import { describe, it } from "vitest";
import { alertsCases } from "./cases/alerts.js";
import { digestsCases } from "./cases/digests.js";
import { lifecycleCases } from "./cases/lifecycle.js";
import { requestBudgetCases } from "./cases/request-budget.js";
import { seenRequestsCases } from "./cases/seen-requests.js";
import { sharedDatabaseCases } from "./cases/shared-database.js";
import { subscriptionsCases } from "./cases/subscriptions.js";
import { threadsCases } from "./cases/threads.js";
import { watchesCases } from "./cases/watches.js";
import { workspacesCases } from "./cases/workspaces.js";
import { backendsUnderTest, useTestDatabase } from "./harness.js";

// One suite, run against a SQLite file and a fresh PostgreSQL schema: the store must behave the same.
const backends = await backendsUnderTest();

describe.each(backends)("alert store on $backend", ({ backend, enabled }) => {
  if (!enabled) {
    it.skip("needs a reachable database", () => {});
    return;
  }
  const harness = useTestDatabase(backend);
  lifecycleCases(harness);
  subscriptionsCases(harness);
  watchesCases(harness);
  alertsCases(harness);
  threadsCases(harness);
  digestsCases(harness);
  seenRequestsCases(harness);
  workspacesCases(harness);
  if (backend === "postgres") sharedDatabaseCases(harness);
  requestBudgetCases(harness);
});
