/**
 * The server under test runs in a child process of its own, so its memory and event loop are its own and
 * the load generator does not share them. The runner talks to it over Node's IPC channel: the child says
 * where it listens, then answers named commands (cache stats, memory after GC, …).
 */
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import { buildChildren } from "./build-children.js";

type Handler = (args: unknown) => unknown;

interface Request {
  id: number;
  command: string;
  args?: unknown;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

type Ready = { ready: true; url: string } | { ready: false; error: string };

export interface MemorySample {
  rss: number;
  heapUsed: number;
  /** Highest RSS the process ever had (kernel's count), in bytes. */
  maxRss: number;
  /** V8's young generation as committed (it grows under load and shrinks only when idle), in bytes. */
  youngGeneration: number;
}

/** CPU time the process has used so far (process.cpuUsage()), in microseconds. */
export interface CpuSample {
  user: number;
  system: number;
}

export interface ChildServer {
  /** Base URL; Slack's request URL is `${url}/slack/events`. */
  url: string;
  call<T>(command: string, args?: unknown): Promise<T>;
  /** RSS and heap after two full collections. */
  memory(): Promise<MemorySample>;
  stop(): Promise<void>;
}

/**
 * Starts `bench/<script>` compiled to JavaScript under plain node (see build-children.ts), with the
 * given environment, and waits until it listens. BENCH_CHILDREN=tsx runs the TypeScript under tsx
 * instead, as `npm run dev` does (no compile step; slower to start and heavier, for both apps alike).
 */
export async function startChild(
  root: string,
  script: string,
  env: Record<string, string>,
): Promise<ChildServer> {
  const underTsx = process.env.BENCH_CHILDREN === "tsx";
  const entry = underTsx
    ? join(root, "bench", script)
    : join(await buildChildren(root), script.replace(/\.ts$/, ".js"));
  const child = fork(entry, [], {
    cwd: root,
    // BENCH_CHILD_ARGS passes extra Node flags to the children, e.g. `--cpu-prof` to profile them.
    execArgv: [
      "--expose-gc",
      ...(underTsx ? ["--import", "tsx"] : []),
      ...(process.env.BENCH_CHILD_ARGS?.split(" ").filter(Boolean) ?? []),
    ],
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (message: Ready) =>
      message.ready ? resolve(message.url) : reject(new Error(`${script}: ${message.error}`)),
    );
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return connect(child, url);
}

function connect(child: ChildProcess, url: string): ChildServer {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on("message", (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(reply.error));
  });
  child.on("exit", () => {
    for (const waiter of pending.values()) waiter.reject(new Error("the server process exited"));
    pending.clear();
  });
  const call = <T>(command: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command, args } satisfies Request);
    });
  return {
    url,
    call,
    memory: () => call<MemorySample>("memory"),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      await call("stop").catch(() => undefined);
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The child's half: report the URL (or why it could not start), then serve commands until `stop`.
 * `memory` and `stop` are built in; `stop` runs `close` and then ends the process.
 */
export function serveCommands(
  url: string,
  handlers: Record<string, Handler>,
  close: () => Promise<void>,
): void {
  const send = (message: Reply | Ready) => process.send?.(message);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const all: Record<string, Handler> = {
    /** The event loop's longest stall since the last call, in ms. */
    loopDelay: () => {
      const result = { maxMs: loopDelay.max / 1e6, p99Ms: loopDelay.percentile(99) / 1e6 };
      loopDelay.reset();
      return result;
    },
    cpu: () => process.cpuUsage() satisfies CpuSample,
    memory: async () => {
      await collectGarbage();
      const { rss, heapUsed } = process.memoryUsage();
      const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
      return {
        rss,
        heapUsed,
        maxRss: process.resourceUsage().maxRSS * 1024,
        youngGeneration: young?.physical_space_size ?? 0,
      } satisfies MemorySample;
    },
    /** V8's heap spaces (committed and used, bytes) and the memory outside the heap, after GC. */
    heap: async () => {
      await collectGarbage();
      const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
      const spaces = Object.fromEntries(
        getHeapSpaceStatistics().map((space) => [
          space.space_name,
          { committed: space.physical_space_size, used: space.space_used_size },
        ]),
      );
      return { rss, heapTotal, heapUsed, external, arrayBuffers, spaces };
    },
    /** Resident memory by mapping (kB): the node binary, shared libraries, native addons, anonymous memory. */
    mappings: async () => {
      await collectGarbage();
      const { readFileSync } = await import("node:fs");
      const totals: Record<string, number> = {};
      let current = "[anon]";
      for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
        const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
        if (header) {
          current = header[1] || "[anon]";
          continue;
        }
        const rss = /^Rss:\s+(\d+)/.exec(line);
        if (rss) totals[current] = (totals[current] ?? 0) + Number(rss[1]);
      }
      return totals;
    },
    stop: async () => {
      await close();
      setImmediate(() => process.exit(0));
    },
    ...handlers,
  };
  process.on("message", async (request: Request) => {
    try {
      const handler = all[request.command];
      if (!handler) throw new Error(`unknown command ${request.command}`);
      send({ id: request.id, ok: true, result: await handler(request.args) });
    } catch (error) {
      send({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  // The runner went away without saying stop: do not linger.
  process.on("disconnect", () => process.exit(0));
  send({ ready: true, url });
}

export function reportStartFailure(error: unknown): void {
  process.send?.({
    ready: false,
    error: error instanceof Error ? error.message : String(error),
  } satisfies Ready);
  process.exitCode = 1;
}

async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("start the child with --expose-gc");
  // Two passes with a turn of the loop between them: finalizers and weak refs release more on the second.
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
}
