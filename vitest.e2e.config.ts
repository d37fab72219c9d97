import { defineConfig } from "vitest/config";

/** Browser tests (`npm run test:e2e`): real headless Chromium against the demo, one file at a time. */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
