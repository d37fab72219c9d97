/**
 * Slack's external upload flow, as `files.uploadV2` in @slack/web-api drives it: files.getUploadURLExternal
 * hands out an upload URL and a file id, the client POSTs the bytes there (handled in ../uploads.ts), and
 * files.completeUploadExternal finishes the upload, sharing the file in a channel (a message carrying it,
 * with `initial_comment` as its text) when given one. Every step needs the `files:write` scope.
 */
import { isObject } from "../json.js";
import type { ApiMethod } from "./result.js";
import { fail, str } from "./result.js";

/** Slack's ceiling for one upload (1 GB); the stand-in refuses more than it would ever keep. */
const MAX_LENGTH = 50_000_000;

const getUploadURLExternal: ApiMethod = (args, { ws, baseUrl }) => {
  const filename = str(args.filename);
  const length = Number(args.length);
  if (filename === undefined || !Number.isInteger(length) || length <= 0) return fail("invalid_arguments");
  if (length > MAX_LENGTH) return fail("file_too_large");
  const file = ws.addFile({ filename, length, altText: str(args.alt_text) ?? str(args.alt_txt) });
  return { ok: true, upload_url: `${baseUrl}/upload/v1/${file.id}`, file_id: file.id };
};

const completeUploadExternal: ApiMethod = (args, { ws, baseUrl }) => {
  const listed = Array.isArray(args.files) ? args.files : undefined;
  if (listed === undefined || listed.length === 0) return fail("invalid_arguments");
  const channelId = str(args.channel_id);
  const channel = channelId === undefined ? undefined : ws.resolveChannel(channelId);
  if (channelId !== undefined && channel === undefined) return fail("channel_not_found");
  const files = [];
  for (const entry of listed) {
    const id = isObject(entry) ? str(entry.id) : undefined;
    const file = id === undefined ? undefined : ws.file(id);
    if (file === undefined) return fail("file_not_found");
    if (file.bytes === undefined) return fail("file_upload_incomplete");
    files.push(ws.completeFile(file.id, { title: isObject(entry) ? str(entry.title) : undefined }));
  }
  const shared = files.map((file) => ws.fileShape(file.id, baseUrl));
  if (channel !== undefined) {
    ws.addMessage({
      channel: channel.id,
      thread_ts: str(args.thread_ts),
      user: ws.identity.botUserId,
      text: str(args.initial_comment) ?? "",
      files: shared,
    });
  }
  return { ok: true, files: shared };
};

const info: ApiMethod = (args, { ws, baseUrl }) => {
  const file = ws.file(str(args.file) ?? "");
  return file?.completed ? { ok: true, file: ws.fileShape(file.id, baseUrl) } : fail("file_not_found");
};

export const fileMethods: Record<string, ApiMethod> = {
  "files.getUploadURLExternal": getUploadURLExternal,
  "files.completeUploadExternal": completeUploadExternal,
  "files.info": info,
};

/** Which scope each method needs, for the stand-in's scope check. */
export const FILE_SCOPES: Record<string, string> = {
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
  "files.info": "files:read",
};
