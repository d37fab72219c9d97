/**
 * The browser code of the demo page, written in TypeScript in the stand-in's web/client/ and bundled in memory with
 * esbuild on first request: no build step, no files written, nothing fetched from the internet.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

function entryPoint(): string {
  const path = fileURLToPath(new URL("../../web/client/main.ts", import.meta.url));
  if (existsSync(path)) return path;
  throw new Error("The demo page's client code (web/client/main.ts) is missing");
}

/** Returns a function that yields the bundle, building it once and reusing it after that. */
export function clientBundle(): () => Promise<string> {
  let bundle: Promise<string> | undefined;
  return () => {
    // Loaded on first use, so tests that start the stand-in without its page never load esbuild.
    bundle ??= import("esbuild")
      .then(({ build }) =>
        build({
          entryPoints: [entryPoint()],
          bundle: true,
          format: "esm",
          platform: "browser",
          target: "es2022",
          sourcemap: "inline",
          write: false,
          logLevel: "silent",
        }),
      )
      .then((result) => result.outputFiles[0]?.text ?? "");
    // A failed build is retried on the next request, after the code is fixed.
    bundle.catch(() => {
      bundle = undefined;
    });
    return bundle;
  };
}
