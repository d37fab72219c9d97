/**
 * The apps under test run as production runs the bot: built the way `npm run build` builds it
 * (tools/build/bundle.mjs: the bot's code with kysely and zod in one module, the other packages from
 * node_modules) and run by plain `node`, not tsx. Under tsx every module is transformed in a loader
 * thread that keeps what it made, a cost that grows with the number of modules and that production never
 * pays. Both entry points (serve-bot.ts, serve-bare.ts) go through the same build, once per
 * `npm run bench`; the bare app bundles nothing but its own file, as Bolt stays external.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { bundle } from "../../tools/build/bundle.mjs";

/** Where the built children go (ignored by git). */
export const CHILDREN_DIR = ".bench-build";

let built: Promise<string> | undefined;

/** Builds the children once per run and returns the folder holding `serve-bot.js` and `serve-bare.js`. */
export function buildChildren(root: string): Promise<string> {
  built ??= (async () => {
    const outdir = join(root, CHILDREN_DIR);
    rmSync(outdir, { recursive: true, force: true });
    await bundle({
      root,
      entryPoints: ["serve-bot.ts", "serve-bare.ts"].map((name) => join(root, "bench", name)),
      outdir,
    });
    return outdir;
  })();
  return built;
}
