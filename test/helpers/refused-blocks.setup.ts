/** Runs before every test file (vitest.config.ts `setupFiles`): no test passes with blocks Slack refused. */
import { afterEach } from "vitest";
import { checkRunningWatches } from "./refused-blocks.js";

afterEach(checkRunningWatches);
