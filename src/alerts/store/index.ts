export { DEFAULT_DATABASE_PATH, parseDatabaseUrl } from "./database-url.js";
export { openStore } from "./open-store.js";
export type * from "./types.js";
export { ALERT_STATES } from "./types.js";
