/**
 * The bot as a separate process, started the way it runs in production (`node --import tsx src/main.ts`,
 * configured only by its environment), so a test can run several replicas side by side and kill one with
 * SIGKILL. Its JSON log lines are kept for the test and copied to the run-wide secret check
 * (test/global-setup.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "./databases.js";
import { runLogFile } from "./log-capture.js";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const READY_MESSAGE = "executions-bot is running";

/** One line the bot logged: pino's JSON (`msg`, `level`, and the line's own fields). */
export type LogLine = Record<string, unknown> & { msg?: string; level?: string };

export interface ReplicaProcess {
  /** Its REPLICA_ID: the owner of its leases and claims. */
  readonly id: string;
  readonly pid: number;
  /** Where its HTTP server listens (Slack's request URL is `${url}/slack/events`). */
  readonly url: string;
  /** Every log line so far, parsed; lines that are not JSON (a crash trace) come as `{ msg }`. */
  logs(): LogLine[];
  /** Resolves when the process has ended, however it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no handler runs, nothing is flushed, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM, the clean stop main.ts handles; SIGKILL if it has not ended after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartReplicaOptions {
  id: string;
  /** The bot's configuration: SLACK_*, MIXPEEK_*, DATABASE_URL, WATCH_*, … (REPLICA_ID is set from `id`). */
  env: Record<string, string>;
  /** How long to wait for "executions-bot is running" (default 30 s: the first tsx start compiles). */
  readyTimeoutMs?: number;
  /** The script to run, from the repository root: src/main.ts unless a benchmark brings its own. */
  entry?: string;
}

/** Starts a bot process and resolves once it listens and its watcher has started. */
export async function startReplica(options: StartReplicaOptions): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", options.entry ?? join("src", "main.ts")], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      ...options.env,
      REPLICA_ID: options.id,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`replica ${options.id} could not be started`);

  // A test runner that dies must not leave bots polling behind it.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      process.removeListener("exit", reap);
      resolve({ code, signal });
    });
  });

  const lines: LogLine[] = [];
  const runLog = runLogFile();
  let listening: (port: number) => void = () => {};
  const ready = new Promise<number>((resolve) => {
    listening = resolve;
  });
  const keep = (raw: string) => {
    if (runLog) appendFileSync(runLog, `${raw}\n`);
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      line = { msg: raw };
    }
    lines.push(line);
    if (line.msg === READY_MESSAGE && typeof line.port === "number") listening(line.port);
  };
  const stdout = child.stdout;
  const stderr = child.stderr;
  if (stdout) createInterface({ input: stdout }).on("line", keep);
  if (stderr) createInterface({ input: stderr }).on("line", keep);

  const url = await waitUntilReady(options, child, lines, ready, exited);
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return {
    id: options.id,
    pid,
    url,
    logs: () => [...lines],
    exited,
    kill,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The bot's URL once it logs that it is running; kills it and says why when it exits or takes too long. */
async function waitUntilReady(
  options: StartReplicaOptions,
  child: ChildProcess,
  lines: LogLine[],
  ready: Promise<number>,
  exited: Promise<unknown>,
): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then((port) => ({ port })),
    exited.then(() => "it exited" as const),
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), options.readyTimeoutMs ?? 30_000);
    }),
  ]);
  clearTimeout(timer);
  if (typeof outcome === "object") return `http://127.0.0.1:${outcome.port}`;
  child.kill("SIGKILL");
  await exited;
  const tail = lines
    .slice(-5)
    .map((line) => line.msg)
    .join(" | ");
  throw new Error(
    `replica ${options.id} did not start${outcome === "it exited" ? " (it exited)" : ""}: ${tail}`,
  );
}

/**
 * The DATABASE_URL a bot process is started with to use `database`: PostgreSQL's schema travels in the
 * URL (`?schema=`), as a deployment sets it.
 */
export function botDatabaseUrl(database: TestDatabase): string {
  if (database.schema === undefined) return database.url;
  const url = new URL(database.url);
  url.searchParams.set("schema", database.schema);
  return url.toString();
}

/** Replicas started for one test file, so afterAll can end every one of them whatever happened. */
export class ReplicaGroup {
  private readonly started: ReplicaProcess[] = [];

  constructor(
    private readonly baseEnv: Record<string, string>,
    private readonly entry?: string,
  ) {}

  async start(id: string, env: Record<string, string> = {}): Promise<ReplicaProcess> {
    const replica = await startReplica({
      id,
      env: { ...this.baseEnv, ...env },
      ...(this.entry === undefined ? {} : { entry: this.entry }),
    });
    this.started.push(replica);
    return replica;
  }

  all(): readonly ReplicaProcess[] {
    return [...this.started];
  }

  /** SIGKILL to every replica still running: after a test, nothing is left to finish cleanly. */
  async killAll(): Promise<void> {
    await Promise.all(this.started.map((replica) => replica.kill()));
  }
}
