/**
 * Slack's `<!date^…>` tokens, formatted for the person looking at the page: in their time zone, with
 * "today"/"yesterday"/"tomorrow" for the pretty forms. The clock and the zone are parameters so tests
 * pin them.
 */

export interface DateContext {
  /** IANA zone of the viewer, e.g. "Europe/Paris". */
  timeZone: string;
  now: Date;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: string;
  hour12: number;
  minute: string;
  second: string;
  period: string;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const DAY_MS = 86_400_000;

function partsIn(date: Date, timeZone: string): Parts {
  const found: Record<string, string> = {};
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    weekday: "long",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    hour12: true,
  });
  for (const part of format.formatToParts(date)) found[part.type] = part.value;
  return {
    year: Number(found.year),
    month: Number(found.month),
    day: Number(found.day),
    weekday: found.weekday ?? "",
    hour12: Number(found.hour),
    minute: found.minute ?? "00",
    second: found.second ?? "00",
    period: (found.dayPeriod ?? "").toUpperCase(),
  };
}

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${["th", "st", "nd", "rd"][day % 10] ?? "th"}`;
}

/** Whole calendar days from `now` to `date`, both read in the viewer's zone. */
function dayOffset(date: Parts, now: Parts): number {
  return Math.round(
    (Date.UTC(date.year, date.month - 1, date.day) - Date.UTC(now.year, now.month - 1, now.day)) / DAY_MS,
  );
}

function relativeDay(offset: number): string | undefined {
  if (offset === 0) return "today";
  if (offset === -1) return "yesterday";
  if (offset === 1) return "tomorrow";
  return undefined;
}

function ago(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  if (abs < 45) return future ? "in a few seconds" : "a few seconds ago";
  const units: Array<[string, number]> = [
    ["year", 365 * 86_400],
    ["month", 30 * 86_400],
    ["day", 86_400],
    ["hour", 3600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    const count = Math.round(abs / size);
    if (count >= 1) {
      const phrase = `${count} ${unit}${count === 1 ? "" : "s"}`;
      return future ? `in ${phrase}` : `${phrase} ago`;
    }
  }
  return future ? "in a minute" : "a minute ago";
}

/**
 * The text of `<!date^seconds^format|fallback>` for a viewer, or undefined when Slack would show the
 * fallback (a timestamp that is not a number).
 */
export function formatSlackDate(seconds: number, format: string, ctx: DateContext): string | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  const p = partsIn(date, ctx.timeZone);
  const month = MONTHS[p.month - 1] ?? "";
  const short = `${month.slice(0, 3)} ${p.day}, ${p.year}`;
  const long = `${p.weekday}, ${month} ${ordinal(p.day)}, ${p.year}`;
  const plain = `${month} ${ordinal(p.day)}, ${p.year}`;
  const relative = relativeDay(dayOffset(p, partsIn(ctx.now, ctx.timeZone)));
  const tokens: Record<string, string> = {
    date_num: `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`,
    date: plain,
    date_short: short,
    date_long: long,
    date_pretty: relative ?? plain,
    date_short_pretty: relative ?? short,
    date_long_pretty: relative ?? long,
    time: `${p.hour12}:${p.minute} ${p.period}`,
    time_secs: `${p.hour12}:${p.minute}:${p.second} ${p.period}`,
    ago: ago(date, ctx.now),
  };
  const text = format.replace(/\{([a-z_]+)\}/g, (whole, name: string) => tokens[name] ?? whole);
  // A sentence that starts with "today" reads as Slack shows it: "Today at 9:41 AM".
  return relative !== undefined && text.startsWith(relative)
    ? text.charAt(0).toUpperCase() + text.slice(1)
    : text;
}
