/**
 * A RespondFn for a response_url, checked first by ResponseUrlPolicy. Same contract as Bolt's respond():
 * resolves on 2xx, throws otherwise. Posted with undici's request, which never follows a redirect (Bolt's
 * respond() would, through axios): a 3xx is an answer like any other non-2xx, and final.
 */
import { type RespondArguments, RespondError } from "@slack/bolt";
import { request } from "undici";
import type { Responder } from "./reply.js";

export function respondTo(responseUrl: string): Responder {
  return async (body: RespondArguments) => {
    const res = await request(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw new RespondError(`response_url answered ${res.statusCode}`, res.statusCode);
    }
  };
}
