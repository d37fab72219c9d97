/** Every emoji the bot writes must show as an emoji in the demo, not as `:name:`. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emojiFor } from "../../web/client/emoji.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("the demo's emoji", () => {
  it("covers every :name: the bot's views and alerts use", () => {
    const names = new Set<string>();
    for (const file of [...sources("src/views"), ...sources("src/alerts")]) {
      // A clock time (`at:09:00`) is not an emoji: names made of digits alone are left out.
      for (const match of readFileSync(file, "utf8").matchAll(/:([a-z0-9_+-]+):/g)) {
        if (!/^\d+$/.test(match[1]!)) names.add(match[1]!);
      }
    }
    expect(names.size).toBeGreaterThan(10);
    expect([...names].filter((name) => emojiFor(name) === undefined)).toEqual([]);
  });
});
