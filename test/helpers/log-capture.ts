/**
 * Where the bots under test write their log lines: kept in memory for the test to read, and appended to
 * this test process's file in TEST_LOG_DIR, which the run-wide secret check reads (test/global-setup.ts).
 * Only the destination: the secrets scrubbed from those lines are the ones the code under test derives.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";

export interface LogCapture {
  /** Every line written so far, as written (JSON, newline-terminated). */
  lines: string[];
  destination: Writable;
}

/** This test process's file of log lines for the run-wide secret check, when the run has one. */
export function runLogFile(): string | undefined {
  const dir = process.env.TEST_LOG_DIR;
  return dir ? join(dir, `${process.pid}.log`) : undefined;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const file = runLogFile();
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      const line = String(chunk);
      lines.push(line);
      if (file) appendFileSync(file, line);
      callback();
    },
  });
  return { lines, destination };
}
