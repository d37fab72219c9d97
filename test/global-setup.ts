/**
 * Every log line the bots under test write is also kept in one folder for the whole run; when the run
 * ends, it is searched for every test secret (bot token, signing secret, Mixpeek key). A hit fails the
 * run, so a token that reaches a log anywhere in the suite cannot go unnoticed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_SECRETS } from "./helpers/secrets.js";

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), "executions-bot-logs-"));
  process.env.TEST_LOG_DIR = dir;
  return () => {
    let lines = 0;
    const leaks: string[] = [];
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), "utf8");
      lines += text.split("\n").filter(Boolean).length;
      for (const [name, secret] of Object.entries(TEST_SECRETS)) {
        if (text.includes(secret)) leaks.push(`${name} in ${file}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (leaks.length > 0) throw new Error(`Secrets reached the logs: ${leaks.join(", ")}`);
    console.log(`log check: ${lines} log lines from the bots under test, no token, secret or API key in any`);
  };
}
