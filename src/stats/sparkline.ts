/**
 * A series as one line of Unicode blocks (▁▂▃▄▅▆▇█), readable in any Slack client, phones included. A
 * long series is folded into at most `cells` characters; an unknown value is a middle dot.
 */
const LEVELS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;
export const NO_VALUE = "·";

export type Fold = "sum" | "max";

export function sparkline(values: readonly (number | null)[], cells: number, fold: Fold): string {
  const folded = foldInto(values, Math.max(1, cells), fold);
  const known = folded.filter((v): v is number => v !== null);
  if (known.length === 0) return NO_VALUE.repeat(folded.length);
  const max = Math.max(...known);
  return folded
    .map((value) => {
      if (value === null) return NO_VALUE;
      if (max <= 0) return LEVELS[0];
      const level = Math.round((value / max) * (LEVELS.length - 1));
      return LEVELS[Math.min(LEVELS.length - 1, Math.max(0, level))];
    })
    .join("");
}

/** Groups consecutive values so there are at most `cells`; a group of only unknowns stays unknown. */
function foldInto(values: readonly (number | null)[], cells: number, fold: Fold): (number | null)[] {
  if (values.length <= cells) return [...values];
  const size = Math.ceil(values.length / cells);
  const out: (number | null)[] = [];
  for (let i = 0; i < values.length; i += size) {
    const known = values.slice(i, i + size).filter((v): v is number => v !== null);
    if (known.length === 0) out.push(null);
    else out.push(fold === "sum" ? known.reduce((a, b) => a + b, 0) : Math.max(...known));
  }
  return out;
}
