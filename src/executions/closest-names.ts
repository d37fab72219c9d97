/**
 * Which known names a mistyped one probably meant: the same name in another case first, else the few
 * closest by edit distance (a typo, a missing dash), or names that contain what was typed. Pure, so the
 * "did you mean …?" of every command is decided in one place.
 */

/** Suggestions offered at most. */
export const MAX_SUGGESTIONS = 3;

/** The name `typed` means when only its case differs, if exactly that exists. */
export function sameNameIgnoringCase(typed: string, names: readonly string[]): string | undefined {
  const wanted = typed.toLowerCase();
  return names.find((name) => name === typed) ?? names.find((name) => name.toLowerCase() === wanted);
}

/** Levenshtein distance, stopping early past `limit` (the answer is then `limit + 1`). */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** Up to `max` names close to `typed`, closest first; none when nothing is close enough to help. */
export function closestNames(typed: string, names: readonly string[], max = MAX_SUGGESTIONS): string[] {
  const wanted = typed.toLowerCase();
  // A third of the name may be wrong (at least 2 characters): beyond that a suggestion is a guess.
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of new Set(names)) {
    const lower = name.toLowerCase();
    const distance = editDistance(wanted, lower, limit);
    if (distance <= limit) scored.push({ name, score: distance });
    else if (wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower)))
      scored.push({ name, score: limit + 1 });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((entry) => entry.name);
}
