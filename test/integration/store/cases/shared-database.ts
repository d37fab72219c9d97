/** Store cases for PostgreSQL alone: a database shared with other schemas (run by store.test.ts). */
import { describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../../../helpers/databases.js";
import type { StoreHarness } from "../harness.js";

export function sharedDatabaseCases(harness: StoreHarness): void {
  describe("a database shared with other schemas", () => {
    it("start even while another schema of the same database is dropped", async () => {
      // Kysely reads the columns of every schema to find its own table; a schema dropped meanwhile used
      // to fail the start with "schema … does not exist". Churn other schemas until ten stores have opened.
      let churning = true;
      let dropped = 0;
      const churn = (async () => {
        while (churning) {
          const other = await createPostgresDatabase();
          await other.query("create table t (id serial primary key, a int, b int, c int)");
          await other.drop();
          dropped++;
        }
      })();
      try {
        for (let i = 0; i < 10; i++) {
          const store = await harness.open();
          await store.ping();
        }
      } finally {
        churning = false;
        await churn;
      }
      expect(dropped).toBeGreaterThan(0);
    });
  });
}
