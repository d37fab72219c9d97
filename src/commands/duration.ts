/** How long `mute` silences alerts: whole minutes, hours or days, at most a week. */
import { quote } from "./tokens.js";

export const MAX_MUTE_MS = 7 * 24 * 60 * 60 * 1000;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const UNIT_NAMES: Record<string, Unit | "unsupported"> = {
  m: "m",
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
  s: "unsupported",
  sec: "unsupported",
  secs: "unsupported",
  second: "unsupported",
  seconds: "unsupported",
  w: "unsupported",
  wk: "unsupported",
  wks: "unsupported",
  week: "unsupported",
  weeks: "unsupported",
};

// A number, perhaps a fraction, then letters: `30m`, `1.5h`, `2w`, `90`. Anything else is a name.
const DURATION_LIKE = /^(\d{1,9})(?:[.,](\d+))?([a-z]*)$/i;

const EXAMPLES = "`30m`, `2h` or `1d`";

/** A number followed by letters or nothing (`10y`, `90`): what a person means as a duration, known or not. */
export function isDurationShaped(word: string): boolean {
  return DURATION_LIKE.test(word);
}

/** Whether `mute` should read this word as its duration rather than as the retriever. */
export function looksLikeDuration(word: string): boolean {
  const match = DURATION_LIKE.exec(word);
  if (!match) return false;
  const unit = (match[3] ?? "").toLowerCase();
  return unit === "" || Object.hasOwn(UNIT_NAMES, unit);
}

export type DurationResult = { ok: true; durationMs: number } | { ok: false; problem: string };

export function parseMuteDuration(word: string): DurationResult {
  const match = DURATION_LIKE.exec(word);
  const unitName = (match?.[3] ?? "").toLowerCase();
  const unit = Object.hasOwn(UNIT_NAMES, unitName) ? UNIT_NAMES[unitName] : undefined;
  if (match && unitName === "" && match[2] === undefined) {
    const n = match[1];
    return { ok: false, problem: `Add a unit to ${quote(word)}: \`${n}m\`, \`${n}h\` or \`${n}d\`.` };
  }
  if (!match || unit === undefined || unit === "unsupported") {
    return {
      ok: false,
      problem: `${quote(word)} is not a duration I know: use ${EXAMPLES} (at most 7 days, \`7d\`).`,
    };
  }
  if (match[2] !== undefined) {
    return {
      ok: false,
      problem: `Use whole numbers for the duration, like ${EXAMPLES}, not ${quote(word)}.`,
    };
  }
  const durationMs = Number(match[1]) * UNIT_MS[unit];
  if (durationMs === 0) {
    return { ok: false, problem: "A mute has to last at least a minute, e.g. `30m`." };
  }
  if (durationMs > MAX_MUTE_MS) {
    return { ok: false, problem: `A mute lasts at most 7 days (\`7d\`); ${quote(word)} is longer.` };
  }
  return { ok: true, durationMs };
}
