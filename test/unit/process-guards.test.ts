import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { guardProcess } from "../../src/process-guards.js";
import { captureLogs } from "../helpers/log-capture.js";

/** A stand-in for `process`: the guards only listen to its two events. */
function guarded(maxUncaught = 2) {
  const proc = new EventEmitter();
  const { lines, destination } = captureLogs();
  const logger = createLogger({ level: "info", secrets: [], destination });
  const stops: Array<[string, number]> = [];
  let nowMs = 0;
  guardProcess(proc, {
    logger,
    stop: (reason, code) => stops.push([reason, code]),
    now: () => nowMs,
    maxUncaught,
    windowMs: 60_000,
  });
  return { proc, lines, stops, advance: (ms: number) => (nowMs += ms) };
}

describe("guardProcess", () => {
  it("logs an unhandled rejection and keeps the process", () => {
    const { proc, lines, stops } = guarded();
    for (let i = 0; i < 10; i++)
      proc.emit("unhandledRejection", new TypeError("x is null"), Promise.resolve());
    expect(stops).toEqual([]);
    expect(lines.filter((l) => l.includes("unhandled promise rejection"))).toHaveLength(10);
    expect(lines[0]).toContain("x is null");
  });

  it("logs uncaught exceptions, and stops cleanly only on a burst of them", () => {
    const { proc, lines, stops, advance } = guarded(2);
    proc.emit("uncaughtException", new Error("one"));
    proc.emit("uncaughtException", new Error("two"));
    expect(stops).toEqual([]);
    advance(61_000);
    proc.emit("uncaughtException", new Error("three"));
    proc.emit("uncaughtException", new Error("four"));
    expect(stops).toEqual([]);
    proc.emit("uncaughtException", new Error("five"));
    expect(stops).toEqual([["uncaughtException", 1]]);
    expect(lines.filter((l) => l.includes("uncaught exception; the bot goes on"))).toHaveLength(4);
    expect(lines.at(-1)).toContain("too many uncaught exceptions");
  });
});
