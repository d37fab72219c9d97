/** `npm run build`: type-checks the bot as the build compiles it, then bundles src/main.ts into dist/. */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "./bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json"), "--noEmit"],
  {
    stdio: "inherit",
  },
);
rmSync(join(root, "dist"), { recursive: true, force: true });
await bundle({ root, entryPoints: [join(root, "src/main.ts")], outdir: join(root, "dist") });
