/**
 * Signed Slack requests built without the stand-in's bookkeeping, for tight load loops: the same form
 * bodies the stand-in sends (its payload builders are reused), signed the way Slack signs them, sent over
 * one keep-alive connection per load worker.
 */

import type { Identity } from "@executions-bot/slack-standin";
import {
  blockActionsPayload,
  interactionBody,
  STAND_IN_DEFAULTS,
  signedHeaders,
  slashCommandBody,
} from "@executions-bot/slack-standin";
import { Client } from "undici";
import { encodePageState } from "../../src/executions/page-state.js";
import type { PageQuery } from "../../src/executions/types.js";
import { ACTION_IDS } from "../../src/views/executions/action-ids.js";

const IDENTITY: Identity = {
  teamId: STAND_IN_DEFAULTS.teamId,
  teamDomain: STAND_IN_DEFAULTS.teamDomain,
  appId: STAND_IN_DEFAULTS.appId,
  botUserId: STAND_IN_DEFAULTS.botUserId,
  botId: STAND_IN_DEFAULTS.botId,
  verificationToken: "stand-in-verification-token",
};
const CHANNEL = STAND_IN_DEFAULTS.channels[0];

const user = (id: string) => ({ id, name: `user.${id.toLowerCase()}` });

/** `/executions <text>` as Slack posts it. */
export function slashCommandForm(text: string, responseUrl: string, userId = "U0BENCH"): string {
  return slashCommandBody({
    identity: IDENTITY,
    user: user(userId),
    channel: CHANNEL,
    command: "/executions",
    text,
    responseUrl,
    triggerId: "0000.0000.bench",
  });
}

/** A click on a list's Next button that leads to `query`, as Slack posts it. */
export function nextClickForm(query: PageQuery, responseUrl: string, userId = "U0BENCH"): string {
  return interactionBody(
    blockActionsPayload({
      identity: IDENTITY,
      user: user(userId),
      source: { kind: "none", channel: CHANNEL },
      action: { type: "button", action_id: ACTION_IDS.nextPage, value: encodePageState(query) },
      actionTs: "1700000000.000001",
      triggerId: "0000.0000.bench",
      responseUrl,
    }),
  );
}

export interface SentReply {
  status: number;
  body: string;
}

/**
 * Keep-alive connections to one app's request URL, one per worker of the load loop. One client per
 * worker rather than an undici Pool: a Pool that is opening many connections at once queues several
 * requests behind one of them, which adds seconds of queueing to the tail that belong to no app.
 */
export class SlackSender {
  private readonly clients: Client[];
  private readonly path: string;

  constructor(
    requestUrl: string,
    private readonly signingSecret: string,
    connections: number,
  ) {
    const url = new URL(requestUrl);
    this.clients = Array.from({ length: connections }, () => new Client(url.origin, { pipelining: 1 }));
    this.path = url.pathname;
  }

  /** Sends on worker `worker`'s connection; headers are signed at the moment of sending, as Slack does. */
  async send(body: string, worker = 0): Promise<SentReply> {
    const client = this.clients[worker % this.clients.length]!;
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders(this.signingSecret, body, Math.floor(Date.now() / 1000)),
    };
    const response = await client.request({ method: "POST", path: this.path, headers, body });
    return { status: response.statusCode, body: await response.body.text() };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }
}
