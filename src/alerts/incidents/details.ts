/**
 * What an incident alert row keeps in `details` (JSON), so a message told again after a crash, or a
 * parent redrawn at recovery, says what the first attempt saw. Read back through zod: a row written by
 * another version that does not parse is told without it rather than not at all.
 */
import * as z from "zod";
import type { Alert } from "../store/types.js";
import type { RoundContext } from "../watcher/context.js";

const ReadingSchema = z.object({
  value: z.number(),
  runs: z.number(),
  failed: z.number().optional(),
  partial: z.boolean().optional(),
});

/** A `recovery` alert: the failure incident it ends. */
export const RecoveryDetailsSchema = z.object({
  parentTs: z.string(),
  failures: z.number().int().min(1),
  firstFailureAt: z.number(),
  recoveredAt: z.number(),
});
export type RecoveryDetails = z.infer<typeof RecoveryDetailsSchema>;

/** A `rule_fired` alert: the reading it fired on. */
export const RuleFiredDetailsSchema = z.object({ at: z.number(), reading: ReadingSchema });
export type RuleFiredDetails = z.infer<typeof RuleFiredDetailsSchema>;

/** A `rule_recovered` alert: the reading it recovered on, and the firing it ends. */
export const RuleRecoveredDetailsSchema = z.object({
  at: z.number(),
  reading: ReadingSchema,
  parentTs: z.string().nullable(),
  firedAt: z.number(),
  fired: ReadingSchema.nullable(),
});
export type RuleRecoveredDetails = z.infer<typeof RuleRecoveredDetailsSchema>;

/**
 * The details an alert is to be told with; when they do not read, the alert is marked failed
 * (`unreadable_details`) and undefined says there is nothing to tell.
 */
export async function detailsToTell<T>(
  ctx: Pick<RoundContext, "store" | "now">,
  alert: Alert,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const details = readDetails(schema, alert.details);
  if (details === undefined) await ctx.store.markFailed(alert.id, "unreadable_details", ctx.now());
  return details;
}

export function readDetails<T>(schema: z.ZodType<T>, json: string | null): T | undefined {
  if (json === null) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
