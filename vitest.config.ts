import { defineConfig } from "vitest/config";

/** `npm test`: the bot's tests and the dev tools' own, from the root. Browser tests have their own config. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "tools/*/test/**/*.test.ts"],
    exclude: ["test/e2e/**", "**/node_modules/**"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    // Fails a test whose bot sent blocks the Slack stand-in refused (test/helpers/refused-blocks.ts).
    setupFiles: ["test/helpers/refused-blocks.setup.ts"],
  },
});
