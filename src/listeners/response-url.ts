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

export function respondTo(responseUrl: string, dispatcher?: Dispatcher): Responder {
  return async (body: RespondArguments) => {
    const res = await request(responseUrl, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify(body),
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
