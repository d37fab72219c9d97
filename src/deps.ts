/**
 * Everything a listener may use, passed in once through createApp(). Tests build the same object from
 * real parts pointed at local servers (the simulator, the Slack stand-in, a temporary database).
 */
import type { AlertStore } from "./alerts/store/index.js";
import type { AlertWatcher } from "./alerts/watcher/index.js";
import type { Config } from "./config.js";
import type { ExecutionsFetcher } from "./executions/fetcher.js";
import type { RetrieverSearch } from "./executions/retriever-search.js";
import type { Logger } from "./logger.js";
import type { MixpeekApi } from "./mixpeek/api.js";
import type { Metrics } from "./observability/metrics.js";

export interface BotDeps {
  config: Config;
  logger: Logger;
  now: () => Date;
  mixpeek: MixpeekApi;
  executions: ExecutionsFetcher;
  retrievers: RetrieverSearch;
  store: AlertStore;
  /** Polls Mixpeek and posts failure alerts; `health()` for the App Home, `runRound()` for tests. */
  watcher: AlertWatcher;
  metrics: Metrics;
}
