/**
 * How the bot is built for production (`npm run build` → `dist/main.js`), and how the benchmarks build
 * the apps they measure, so both run the same code the same way.
 *
 * The bot's own ~240 modules and the two ES-module packages it loads at start (kysely and zod, a few
 * hundred files each) are bundled into one module: loaded one file at a time, every ES module costs a
 * module record, a scope and its source text, and the process paid ~8 MB of old space and a young
 * generation grown at start for them (docs/benchmarks.md, "where the memory went"). CommonJS packages
 * (Bolt and the Slack SDK, pino, prom-client, undici, pg), native addons and what is loaded only on
 * demand (the chart renderer's echarts) stay in node_modules and load as they are; a bare Bolt app loads
 * Bolt the same way. Code loaded with `await import()` (the chart renderer) becomes a chunk of its own.
 *
 * Plain ESM JavaScript on purpose: the Dockerfile's build stage runs it with node alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

/** Bundled into the build; every other dependency stays external. */
export const BUNDLED_PACKAGES = ["kysely", "zod"];

/**
 * Bundles `entryPoints` (paths) into `outdir` as ES modules for Node 20.
 * @param {{ root: string, entryPoints: string[], outdir: string }} options
 * @returns {Promise<void>}
 */
export async function bundle({ root, entryPoints, outdir }) {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Whitespace only: names stay as written, so stack traces in the logs still read.
    minifyWhitespace: true,
    sourcemap: "linked",
    sourcesContent: false,
    external: dependencies
      .filter((name) => !BUNDLED_PACKAGES.includes(name))
      .flatMap((name) => [name, `${name}/*`]),
    logLevel: "warning",
  });
}
