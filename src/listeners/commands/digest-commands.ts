/**
 * `/executions digest <retriever> daily|weekly [at:] [tz:]` and `… off`: sets or stops a channel's
 * scheduled digest. Setting asks Mixpeek for the retriever first (an unknown one stores nothing) and
 * computes the first due time from the schedule; both changes are told to the channel.
 */
import type { SlashCommand } from "@slack/bolt";
import type { Digest } from "../../alerts/store/index.js";
import type { ParsedCommand } from "../../commands/grammar.js";
import { nextDigestTime } from "../../digests/schedule.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import { renderDigestSet, renderDigestStopped, renderNoDigest } from "../../views/digests/digest-changes.js";
import { renderMixpeekError } from "../../views/shared/messages.js";
import { callByRetrieverName } from "../../workspaces/retriever-by-name.js";
import type { Guard } from "../access.js";
import type { RequestContext } from "../listener.js";
import type { CommandAnswer } from "./subscription-commands.js";

type DigestCommand = Extract<ParsedCommand, { kind: "digest" | "digest_off" }>;

/** Setting a digest reads Mixpeek; both change what the channel gets, as a subscription does. */
export function digestGuard(parsed: DigestCommand): Guard {
  return parsed.kind === "digest"
    ? { namespace: parsed.namespace, changesSubscriptions: true }
    : { changesSubscriptions: true };
}

export async function answerDigestCommand(
  ctx: RequestContext,
  command: SlashCommand,
  parsed: DigestCommand,
): Promise<CommandAnswer> {
  const { deps, workspace } = ctx;
  const where = { teamId: command.team_id, channelId: command.channel_id };

  if (parsed.kind === "digest_off") {
    const digest = findDigest(await deps.store.listChannelDigests(where.teamId, where.channelId), parsed);
    if (!digest) {
      return {
        message: renderNoDigest(parsed.retriever, command.command),
        visibility: "ephemeral",
        outcome: "invalid",
      };
    }
    await deps.store.removeDigest(digest);
    return { message: renderDigestStopped(digest, command.user_id), visibility: "in_channel", outcome: "ok" };
  }

  let retrieverId: string;
  let retrieverName: string;
  try {
    const found = await callByRetrieverName(workspace, parsed, (name) =>
      workspace.mixpeek.getRetriever({ namespace: parsed.namespace, retriever: name }),
    );
    if (!found.found) {
      const message = renderMixpeekError(found.error, { ...parsed, suggestions: found.suggestions });
      return { message, visibility: "ephemeral", outcome: "invalid" };
    }
    retrieverId = found.value.retriever_id ?? found.value.retriever_name;
    retrieverName = found.value.retriever_name;
  } catch (error) {
    if (!isMixpeekError(error)) throw error;
    return { message: renderMixpeekError(error, parsed), visibility: "ephemeral", outcome: "upstream_error" };
  }
  const now = deps.now();
  const { digest, created } = await deps.store.setDigest({
    ...where,
    workspaceId: ctx.workspace.id,
    namespace: parsed.namespace,
    retrieverId,
    retrieverName,
    ...parsed.schedule,
    createdBy: command.user_id,
    now,
    nextDueAt: nextDigestTime(parsed.schedule, now),
  });
  return {
    message: renderDigestSet(digest, created, command.user_id, command.command),
    visibility: "in_channel",
    outcome: "ok",
  };
}

/** The channel's digest of a retriever named by id or by name (in any case). */
function findDigest(
  digests: readonly Digest[],
  parsed: { retriever: string; namespace: string },
): Digest | undefined {
  const wanted = parsed.retriever.toLowerCase();
  return digests.find(
    (digest) =>
      digest.namespace === parsed.namespace &&
      (digest.retrieverId === parsed.retriever || digest.retrieverName.toLowerCase() === wanted),
  );
}
