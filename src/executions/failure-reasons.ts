/**
 * Why the failed runs of a page failed, for the list's failed rows. Only failed rows are asked about, all
 * at once, and each answer is kept: a failed run's reason never changes, so it costs one Mixpeek call
 * however often the page is shown. A reason that cannot be had is left out; the page never waits on
 * it failing, and never fails because of it.
 */
import { type CacheStats, SingleFlightCache } from "../cache/single-flight-cache.js";
import type { MixpeekApi } from "../mixpeek/api.js";
import type { ExecutionDetail, ExecutionSummary } from "../mixpeek/schemas.js";

/** Mixpeek's `error`, else the first stage that reported one; null when it gave none. */
export function failureReason(detail: ExecutionDetail): string | null {
  const own = (detail.error ?? "").trim();
  if (own !== "") return own;
  for (const stage of Object.values(detail.stage_statistics?.stages ?? {})) {
    const error = (stage.error ?? "").trim();
    if (error !== "") return error;
  }
  return null;
}

export function isFailed(execution: ExecutionSummary): boolean {
  return execution.status.trim().toLowerCase() === "failed";
}

/** Reasons by execution id: a string, or null when Mixpeek gave none; absent when it could not be read. */
export type FailureReasonMap = ReadonlyMap<string, string | null>;

export class FailureReasons {
  private readonly cache: SingleFlightCache<string | null>;

  constructor(
    private readonly api: MixpeekApi,
    options: { ttlSeconds: number; maxKeys: number },
  ) {
    this.cache = new SingleFlightCache(options);
  }

  async forPage(
    where: { namespace: string; retriever: string },
    executions: readonly ExecutionSummary[],
  ): Promise<FailureReasonMap> {
    const failed = executions.filter(isFailed);
    const found = await Promise.all(
      failed.map(async (execution) => {
        const id = execution.execution_id;
        try {
          const reason = await this.cache.get(
            JSON.stringify([where.namespace, where.retriever, id]),
            async () => failureReason(await this.api.getExecution({ ...where, executionId: id })),
          );
          return [id, reason] as const;
        } catch {
          return undefined;
        }
      }),
    );
    return new Map(found.filter((entry) => entry !== undefined));
  }

  stats(): CacheStats {
    return this.cache.stats();
  }

  close(): void {
    this.cache.close();
  }
}
