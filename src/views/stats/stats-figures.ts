/**
 * A stats figure as text: the value, and how it changed against the window before (▲ 12% / ▼ 3 pt).
 * Unknown values show as "–", so a missing or unreadable figure never reads as a number.
 */
import { type Change, type Count, type Figure, pointChange, relativeChange } from "../../stats/figures.js";
import { formatCount, formatCredits, formatDuration, formatPercent } from "../shared/mrkdwn.js";

export const UNKNOWN_FIGURE = "–";

export function changeText(change: Change | null): string {
  if (change === null) return "";
  const amount = change.unit === "%" ? `${Math.round(change.amount)}%` : `${change.amount.toFixed(1)} pt`;
  if (change.direction === "same") return change.unit === "%" ? "± 0%" : "± 0 pt";
  return `${change.direction === "up" ? "▲" : "▼"} ${amount}`;
}

type Kind = "count" | "latency" | "rate" | "credits";

export function valueText(value: number | null, kind: Kind): string {
  if (value === null || !Number.isFinite(value)) return UNKNOWN_FIGURE;
  switch (kind) {
    case "count":
      return formatCount(value);
    case "latency":
      return formatDuration(value);
    case "rate":
      return formatPercent(value);
    case "credits":
      return formatCredits(value);
  }
}

/** `1,234  ▲ 12%`: the value and, when both windows are known, its change. */
export function figureText(figure: Figure, kind: Kind): string {
  const change = figureChange(figure, kind);
  return change === "" ? valueText(figure.current, kind) : `${valueText(figure.current, kind)}  ${change}`;
}

/** Just the change (`▲ 12%`), or "" when there is none to tell. */
export function figureChange(figure: Figure, kind: Kind): string {
  if (figure.current === null) return "";
  if (kind !== "rate" && figure.previous === 0 && figure.current > 0) return "▲ from 0";
  return changeText(kind === "rate" ? pointChange(figure) : relativeChange(figure));
}

/** `23`, or `500+` when the bot saw only part of them. */
export function countText(count: Count | null): string {
  if (count === null) return UNKNOWN_FIGURE;
  return `${formatCount(count.value)}${count.atLeast ? "+" : ""}`;
}
