import type { AlertStore, Subscription } from "../alerts/store/index.js";

/**
 * The channel's subscription a person means by a retriever word: its id or the name it was subscribed
 * under, in the given namespace. No Mixpeek call: the store knows both.
 */
export async function findChannelSubscription(
  store: AlertStore,
  where: { teamId: string; channelId: string },
  retriever: string,
  namespace: string,
): Promise<Subscription | null> {
  const subs = await store.listChannelSubscriptions(where.teamId, where.channelId);
  const inNamespace = subs.filter((s) => s.namespace === namespace);
  return (
    inNamespace.find((s) => s.retrieverId === retriever) ??
    inNamespace.find((s) => s.retrieverName === retriever) ??
    inNamespace.find((s) => s.retrieverName.toLowerCase() === retriever.toLowerCase()) ??
    null
  );
}
