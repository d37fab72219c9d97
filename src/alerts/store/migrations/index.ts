/**
 * Every migration, by name. Names sort in the order they run; add `NNN_name.ts` and list it here. A
 * migration that has run is never edited: write a new one.
 */
import type { Migration } from "kysely";
import type { Backend } from "../connect.js";
import { initialSchema } from "./001_initial.js";
import { alertKinds } from "./002_alert_kinds.js";
import { securitySchema } from "./003_security.js";
import { budgetSchema } from "./004_budget.js";
import { digestsSchema } from "./005_digests.js";
import { incidentsSchema } from "./006_incidents.js";
import { workspacesSchema } from "./007_workspaces.js";
import { deliveryRetriesSchema } from "./010_delivery_retries.js";

export function migrationsFor(backend: Backend): Record<string, Migration> {
  return {
    "001_initial": initialSchema(backend),
    "002_alert_kinds": alertKinds(backend),
    "003_security": securitySchema,
    "004_budget": budgetSchema(backend),
    "005_digests": digestsSchema(backend),
    "007_workspaces": workspacesSchema(backend),
    "006_incidents": incidentsSchema(backend),
    "010_delivery_retries": deliveryRetriesSchema,
  };
}
