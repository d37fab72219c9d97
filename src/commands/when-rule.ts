/**
 * The threshold options of `subscribe` and `unsubscribe`: `when:failure-rate>5%`, `when:p95>800ms`,
 * `when:failures` (the alert for every failed run), `over:15m`, `min-runs:10`, `recovery:on|off`. Each
 * wrong value gets a sentence that says what would be right.
 */
import type { RuleMetric } from "../alerts/store/index.js";
import { quote } from "./tokens.js";

export type WhenValue = { kind: "failures" } | { kind: "rule"; metric: RuleMetric; threshold: number };

const FAILURE_WORDS = new Set(["failure", "failures", "failed", "any-failure", "each-failure"]);
const METRICS: ReadonlyMap<string, RuleMetric> = new Map([
  ["failure-rate", "failure_rate"],
  ["failure_rate", "failure_rate"],
  ["failurerate", "failure_rate"],
  ["error-rate", "failure_rate"],
  ["p95", "p95"],
  ["p95-latency", "p95"],
  ["latency-p95", "p95"],
]);

const EXAMPLES = "`when:failure-rate>5%` or `when:p95>800ms`";
const NUMBER = /^(\d{1,7}(?:\.\d{1,3})?)$/;

export function parseWhen(raw: string): { ok: true; value: WhenValue } | { ok: false; problem: string } {
  const text = raw.trim().toLowerCase();
  if (text === "") return fail(`\`when:\` needs a rule after it, e.g. ${EXAMPLES}.`);
  if (FAILURE_WORDS.has(text)) return { ok: true, value: { kind: "failures" } };
  const match = /^([a-z0-9_-]+)\s*(>=|=>|<=|=<|>|<|=)\s*(.*)$/.exec(text);
  if (!match) return fail(`I can't read the rule ${quote(raw)}. Write it like ${EXAMPLES}.`);
  const [, name = "", operator = "", amount = ""] = match;
  const metric = METRICS.get(name);
  if (metric === undefined) {
    return fail(
      `${quote(name)} isn't a figure I can watch. Use \`failure-rate\` or \`p95\`, e.g. ${EXAMPLES}.`,
    );
  }
  if (operator !== ">") {
    return fail(`A rule fires when a figure goes above a threshold: write \`>\`, e.g. ${EXAMPLES}.`);
  }
  return metric === "failure_rate" ? parseRate(amount) : parseLatency(amount);
}

function parseRate(amount: string): ReturnType<typeof parseWhen> {
  const match = /^(.*?)\s*%$/.exec(amount);
  const number = match ? NUMBER.exec(match[1] ?? "") : null;
  if (!match || !number) {
    return fail(
      `A failure rate is a percentage such as \`when:failure-rate>5%\`, not ${quote(amount || "nothing")}.`,
    );
  }
  const percent = Number(number[1]);
  if (percent <= 0 || percent >= 100) {
    return fail(`A failure-rate threshold is between 0% and 100% (e.g. \`5%\`), not ${quote(amount)}.`);
  }
  return { ok: true, value: { kind: "rule", metric: "failure_rate", threshold: percent } };
}

function parseLatency(amount: string): ReturnType<typeof parseWhen> {
  const match = /^(\d{1,7}(?:\.\d{1,3})?)\s*(ms|s)?$/.exec(amount);
  if (!match) {
    return fail(
      `${quote(amount || "nothing")} isn't a latency. Write it in milliseconds or seconds, e.g. \`when:p95>800ms\` or \`when:p95>1.5s\`.`,
    );
  }
  if (match[2] === undefined) {
    return fail(`Add a unit to ${quote(amount)}: \`${match[1]}ms\` or \`${match[1]}s\`.`);
  }
  const ms = Math.round(Number(match[1]) * (match[2] === "s" ? 1000 : 1));
  if (ms < 1 || ms > 600_000) {
    return fail(`A latency threshold is between 1 ms and 10 min (\`600s\`), not ${quote(amount)}.`);
  }
  return { ok: true, value: { kind: "rule", metric: "p95", threshold: ms } };
}

const WINDOW_MIN_MS = 5 * 60_000;
const WINDOW_MAX_MS = 24 * 60 * 60_000;

/** `over:15m`, `over:1h`: the window a rule judges, 5 min to 24 hours. */
export function parseRuleWindow(
  raw: string,
): { ok: true; windowMs: number } | { ok: false; problem: string } {
  const match = /^(\d{1,5})\s*(m|min|mins|minutes?|h|hr|hrs|hours?)$/i.exec(raw.trim());
  if (!match) {
    return fail(
      `\`over:\` takes a window in minutes or hours, e.g. \`over:15m\` or \`over:1h\`, not ${quote(raw || "nothing")}.`,
    );
  }
  const hours = (match[2] ?? "").toLowerCase().startsWith("h");
  const windowMs = Number(match[1]) * (hours ? 3_600_000 : 60_000);
  if (windowMs < WINDOW_MIN_MS || windowMs > WINDOW_MAX_MS) {
    return fail(
      `\`over:\` is between 5 minutes and 24 hours (\`over:5m\` … \`over:24h\`), not ${quote(raw)}.`,
    );
  }
  return { ok: true, windowMs };
}

/** `min-runs:10`: the fewest runs a window needs before a rule judges it. */
export function parseMinRuns(raw: string): { ok: true; minRuns: number } | { ok: false; problem: string } {
  const value = raw.trim();
  const minRuns = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(minRuns >= 1 && minRuns <= 10_000)) {
    return fail(`\`min-runs:\` takes a whole number from 1 to 10000, not ${quote(value || "nothing")}.`);
  }
  return { ok: true, minRuns };
}

export function parseRecovery(raw: string): { ok: true; recovery: boolean } | { ok: false; problem: string } {
  const value = raw.trim().toLowerCase();
  if (["on", "yes", "true"].includes(value)) return { ok: true, recovery: true };
  if (["off", "no", "false"].includes(value)) return { ok: true, recovery: false };
  return fail(`\`recovery:\` is \`on\` or \`off\`, not ${quote(value || "nothing")}.`);
}

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}
