/**
 * Lays out what the Docker image ships, in a fresh folder: the build (`npm run build` first) with
 * package.json and the lock file, and the production dependencies installed the Dockerfile's way
 * (`npm ci --omit=dev --workspaces=false`). Then checks that it holds the bot alone: no simulator, Slack
 * stand-in or demo code in dist/, none of their dependencies in node_modules. Prints the folder, for
 * `BUILT_APP_DIR=… npm run test:built`.
 *
 *   tsx test/smoke/production-tree.ts [folder]
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the Dockerfile's final stage holds. */
const COPIED = ["package.json", "package-lock.json", "dist"];
/** Dependencies of the dev tools only: none may reach the image. */
const TOOL_ONLY_PACKAGES = [
  "esbuild",
  "ajv",
  "ajv-formats",
  "playwright-core",
  "vitest",
  "tsx",
  "@executions-bot",
];
/** Words that only the tools' code contains. */
const TOOL_MARKERS = [/@executions-bot\//, /startSimulator/, /startSlackStandIn/, /startDemo/];

function run(cwd: string, args: string[]): void {
  execFileSync("npm", [...args, "--no-audit", "--no-fund"], { cwd, stdio: ["ignore", "ignore", "inherit"] });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "executions-bot-image-"));
if (!existsSync("dist/main.js")) throw new Error("Run `npm run build` first: dist/main.js is missing");
for (const entry of COPIED) cpSync(entry, join(dir, entry), { recursive: true });
run(dir, ["ci", "--omit=dev", "--workspaces=false"]);

const problems: string[] = [];
for (const name of TOOL_ONLY_PACKAGES) {
  if (existsSync(join(dir, "node_modules", name))) problems.push(`node_modules/${name} is installed`);
}
const built = filesUnder(join(dir, "dist"));
for (const file of built) {
  const text = readFileSync(file, "utf8");
  for (const marker of TOOL_MARKERS) {
    if (marker.test(text)) problems.push(`${file.slice(dir.length + 1)} mentions ${marker.source}`);
  }
}
if (problems.length > 0) {
  console.error(`The production tree holds more than the bot:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
const modules = readdirSync(join(dir, "node_modules")).length;
console.log(
  `production tree: ${built.length} built files, ${modules} production packages, no dev tool in either`,
);
console.log(dir);
