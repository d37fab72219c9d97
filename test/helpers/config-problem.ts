/** The message of the ConfigError `loadConfig` throws for `env`; fails the test when it throws none. */
import { expect } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

export function configProblem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration problem");
}
