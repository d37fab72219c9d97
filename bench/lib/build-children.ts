/**
 * The apps under test run as production runs the bot: plain `node` on JavaScript that tsc compiled
 * (`npm run build` → `node dist/main.js`), not under tsx. tsx transforms every module in a loader thread
 * of its own and keeps what it made; that costs a process with ~240 modules of its own tens of megabytes
 * that production never pays (docs/benchmarks.md). The child entry points (serve-bot.ts, serve-bare.ts)
 * and everything they import from src/ are compiled here with the build's own compiler options, once
 * per `npm run bench`.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";

/** Where the compiled children go (ignored by git); `bench/<name>.js` under it is a child's entry. */
export const CHILDREN_DIR = ".bench-build";

let built: Promise<string> | undefined;

/** Compiles the children once per run and returns the folder holding `serve-bot.js` and `serve-bare.js`. */
export function buildChildren(root: string): Promise<string> {
  built ??= Promise.resolve().then(() => {
    const out = join(root, CHILDREN_DIR);
    rmSync(out, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [
        join(root, "node_modules/typescript/bin/tsc"),
        "-p",
        join(root, "bench/tsconfig.children.json"),
        "--outDir",
        out,
      ],
      { cwd: root, stdio: "inherit" },
    );
    return join(out, "bench");
  });
  return built;
}
