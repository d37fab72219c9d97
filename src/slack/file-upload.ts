/**
 * Sharing a file (the stats chart) in a channel with `files.uploadV2`: files.getUploadURLExternal, the
 * bytes to the upload URL, files.completeUploadExternal with the channel and a one-line comment. Whatever
 * stops it (no `files:write` scope, a channel closed to the bot, Slack busy) comes back as a reason the
 * caller shows in one line beside the sparklines: an upload is a bonus, never an error.
 */
import type { WebClient } from "@slack/web-api";
import { classifySlackError } from "./slack-errors.js";

export interface FileToShare {
  channelId: string;
  /** Into a thread (a digest's) instead of the channel itself. */
  threadTs?: string;
  bytes: Buffer;
  filename: string;
  title: string;
  altText: string;
  /** mrkdwn shown with the file; already escaped. */
  comment: string;
}

export type UploadFailure = "missing_scope" | "channel" | "unavailable" | "other";

export type UploadResult = { ok: true; fileId: string } | { ok: false; failure: UploadFailure; code: string };

export async function shareFile(client: WebClient, file: FileToShare): Promise<UploadResult> {
  try {
    const common = {
      file: file.bytes,
      filename: file.filename,
      title: file.title,
      alt_text: file.altText,
      initial_comment: file.comment,
    };
    const result = (await client.files.uploadV2(
      file.threadTs === undefined
        ? { ...common, channel_id: file.channelId }
        : { ...common, channel_id: file.channelId, thread_ts: file.threadTs },
    )) as { files?: Array<{ files?: Array<{ id?: unknown }> }> };
    const id = result.files?.[0]?.files?.[0]?.id;
    return typeof id === "string" && id !== ""
      ? { ok: true, fileId: id }
      : { ok: false, failure: "other", code: "no_file_in_answer" };
  } catch (error) {
    const classified = classifySlackError(error);
    const failure: UploadFailure =
      classified.code === "missing_scope" || classified.code === "not_allowed_token_type"
        ? "missing_scope"
        : classified.failure === "channel"
          ? "channel"
          : classified.failure === "transient"
            ? "unavailable"
            : "other";
    return { ok: false, failure, code: classified.code };
  }
}
