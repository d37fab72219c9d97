/** `?schema=NAME` in a PostgreSQL DATABASE_URL: how replicas started from one environment share tables. */
import { describe, expect, it } from "vitest";
import { describeDatabaseTarget, parseDatabaseUrl } from "../../../../src/alerts/store/database-url.js";

describe("a schema in a PostgreSQL DATABASE_URL", () => {
  it("is taken out of the connection string and kept beside it", () => {
    expect(parseDatabaseUrl("postgres://bot@db:5432/bot?schema=alerts_eu")).toEqual({
      backend: "postgres",
      connectionString: "postgres://bot@db:5432/bot",
      schema: "alerts_eu",
    });
  });

  it("leaves the other parameters for pg", () => {
    expect(parseDatabaseUrl("postgresql://db/bot?sslmode=require&schema=s1&application_name=bot")).toEqual({
      backend: "postgres",
      connectionString: "postgresql://db/bot?sslmode=require&application_name=bot",
      schema: "s1",
    });
  });

  it("is absent when the URL names none", () => {
    const target = parseDatabaseUrl("postgres://db/bot?sslmode=require");
    expect(target).toEqual({ backend: "postgres", connectionString: "postgres://db/bot?sslmode=require" });
    expect("schema" in target).toBe(false);
  });

  it.each(["", "two words", "drop;table", "1st", "a&schema=b"])("refuses %j as a schema name", (name) => {
    expect(() => parseDatabaseUrl(`postgres://db/bot?schema=${encodeURIComponent(name)}`)).toThrow(
      /schema parameter must be one plain identifier/,
    );
  });

  it("refuses two schemas", () => {
    expect(() => parseDatabaseUrl("postgres://db/bot?schema=a&schema=b")).toThrow(/one plain identifier/);
  });

  it("never shows the password when described", () => {
    const described = describeDatabaseTarget(parseDatabaseUrl("postgres://bot:s3cret@db/bot?schema=s1"));
    expect(described).toBe("postgres://bot:***@db/bot");
  });

  it("leaves SQLite URLs alone", () => {
    expect(parseDatabaseUrl("sqlite:./data/bot.db?schema=x")).toEqual({
      backend: "sqlite",
      path: "./data/bot.db",
    });
  });
});
