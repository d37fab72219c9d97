/**
 * What an Unsubscribe or Mute button carries: the subscription id, validated on click. The listener
 * also checks the subscription belongs to the clicker's workspace, so an altered id does no harm.
 */
import * as z from "zod";

const SubscriptionRefSchema = z.strictObject({
  v: z.literal(1),
  id: z
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

export function encodeSubscriptionRef(id: number): string {
  return JSON.stringify({ v: 1, id });
}

export function decodeSubscriptionRef(value: unknown): number | null {
  if (typeof value !== "string" || value.length > 100) return null;
  try {
    const parsed = SubscriptionRefSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data.id : null;
  } catch {
    return null;
  }
}
