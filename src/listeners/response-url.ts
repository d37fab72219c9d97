/**
 * A RespondFn for a response_url, checked first by ResponseUrlPolicy. Same contract as Bolt's respond():
 * resolves on 2xx, throws otherwise. Posted with undici's request, which never follows a redirect (Bolt's
 * respond() would, through axios): a 3xx is an answer like any other non-2xx, and final. The bot passes
 * its one keep-alive pool to Slack (slack/slack-fetch.ts); plain request rather than fetch, which builds
 * WHATWG Request, Headers and stream objects for every answer (docs/benchmarks.md).
 */
import { type RespondArguments, RespondError } from "@slack/bolt";
import { type Dispatcher, request } from "undici";
import type { Responder } from "./reply.js";

const TIMEOUT_MS = 5000;
const HEADERS = { "content-type": "application/json; charset=utf-8" };

/** The JSON of a block already serialized once (cache/rendered-pages.ts), or undefined. */
export type BlockJson = (block: object) => string | undefined;

export interface RespondOptions {
  /** The bot's keep-alive pool to Slack. */
  dispatcher?: Dispatcher;
  blockJson?: BlockJson;
}

export function respondTo(responseUrl: string, options: RespondOptions = {}): Responder {
  const { dispatcher, blockJson } = options;
  return async (body: RespondArguments) => {
    const res = await request(responseUrl, {
      method: "POST",
      headers: HEADERS,
      body: blockJson ? serialize(body, blockJson) : JSON.stringify(body),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      ...(dispatcher ? { dispatcher } : {}),
    });
    // Read to the end, so the connection goes back to the pool.
    await res.body.dump();
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw new RespondError(`response_url answered ${res.statusCode}`, res.statusCode);
    }
  };
}

/**
 * JSON.stringify(body), with the blocks that were serialized before spliced in as they are: a cached
 * page's runs are most of an answer's bytes, and the same for everyone until the page goes.
 */
export function serialize(body: RespondArguments, blockJson: BlockJson): string {
  const { blocks, ...rest } = body as RespondArguments & { blocks?: unknown };
  if (!Array.isArray(blocks)) return JSON.stringify(body);
  const head = JSON.stringify(rest);
  const parts = blocks.map((block) =>
    typeof block === "object" && block !== null
      ? (blockJson(block) ?? JSON.stringify(block))
      : JSON.stringify(block),
  );
  return `${head.slice(0, -1)}${head.length > 2 ? "," : ""}"blocks":[${parts.join(",")}]}`;
}
