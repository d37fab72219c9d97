/**
 * GET /healthz: 200 when every part of the bot is alive, 503 with the failing parts otherwise. Each part
 * reports through a check so the route knows nothing about databases or watchers.
 */
import type { ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import { DeadlineError, withDeadline } from "../util/deadline.js";

export interface HealthCheck {
  name: string;
  /** Resolves to null when healthy, or a short reason when not. Must not throw (rejections count as down). */
  check(): Promise<string | null>;
  /** Facts worth seeing whatever the outcome (e.g. how the request budget paces the watcher). */
  details?(): Record<string, unknown> | null;
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; reason?: string; details?: Record<string, unknown> }>;
}

const CHECK_TIMEOUT_MS = 2000;

export async function runHealthChecks(checks: readonly HealthCheck[]): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      // A thrown error's message may name internal hosts and ports: only the deadline's is shown.
      const reason = await withDeadline(c.check(), CHECK_TIMEOUT_MS).catch((error: unknown) =>
        error instanceof DeadlineError ? error.message : "check failed",
      );
      const details = safeDetails(c);
      const result = reason === null ? { ok: true } : { ok: false, reason };
      return [c.name, details === null ? result : { ...result, details }] as const;
    }),
  );
  return { ok: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}

function safeDetails(check: HealthCheck): Record<string, unknown> | null {
  try {
    return check.details?.() ?? null;
  } catch {
    // Details are extra; a broken one must not turn a healthy answer into an error.
    return null;
  }
}

export function healthRoute(checks: readonly HealthCheck[]): CustomRoute {
  return {
    path: "/healthz",
    method: ["GET"],
    handler: (_req, res) => {
      void runHealthChecks(checks).then((report) => sendJson(res, report.ok ? 200 : 503, report));
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}
