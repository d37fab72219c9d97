export type { RoundReport, WatcherHealth, WatcherMetrics } from "./report.js";
export { type WatcherSettings, watcherSettings, watcherSettingsFromConfig } from "./settings.js";
export { AlertWatcher, type AlertWatcherOptions, type WatchTarget, type WatchTargets } from "./watcher.js";
