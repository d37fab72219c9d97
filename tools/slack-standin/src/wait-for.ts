import type { Workspace } from "./workspace.js";

const POLL_INTERVAL_MS = 20;

type NotYet = undefined | null | false;

/**
 * Resolves with the predicate's first value that is not undefined/null/false. It is checked on every change
 * of the stand-in's model and, for conditions on state outside it (the bot's store), every 20 ms. A predicate
 * that throws (an `expect`) counts as not yet; its last error is reported on timeout.
 */
export function waitFor<T>(
  ws: Workspace,
  predicate: () => T | NotYet,
  timeoutMs = 2_000,
): Promise<Exclude<T, NotYet>> {
  return new Promise((resolve, reject) => {
    let lastError: unknown;
    let done = false;
    const check = (): void => {
      if (done) return;
      try {
        const value = predicate();
        if (value === undefined || value === null || value === false) return;
        finish();
        resolve(value as Exclude<T, NotYet>);
      } catch (error) {
        lastError = error;
      }
    };
    const unsubscribe = ws.subscribe(check);
    const poll = setInterval(check, POLL_INTERVAL_MS);
    const timer = setTimeout(() => {
      finish();
      const reason = lastError instanceof Error ? `: ${lastError.message}` : "";
      reject(new Error(`waitFor: condition not met within ${timeoutMs} ms${reason}`, { cause: lastError }));
    }, timeoutMs);
    function finish(): void {
      done = true;
      unsubscribe();
      clearInterval(poll);
      clearTimeout(timer);
    }
    check();
  });
}
