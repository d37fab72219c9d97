import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type SlackStandIn, startSlackStandIn } from "@executions-bot/slack-standin";
import { LogLevel } from "@slack/web-api";
import { afterAll, beforeAll } from "vitest";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** Checked here with our own HMAC, independently of the stand-in's signer. */
  signatureValid: boolean;
}

export interface BotAnswer {
  status?: number;
  contentType?: string;
  body?: string;
}

export type FakeBot = Awaited<ReturnType<typeof startFakeBot>>;

/** A bare node:http "bot" that records what the stand-in sends and answers as told. */
export async function startFakeBot(signingSecret: string) {
  const requests: ReceivedRequest[] = [];
  let answer: (req: ReceivedRequest) => BotAnswer = () => ({});
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const received = {
        headers: req.headers,
        body,
        signatureValid: verify(signingSecret, req.headers, body),
      };
      requests.push(received);
      const { status = 200, contentType, body: replyBody = "" } = answer(received);
      res.writeHead(status, contentType ? { "content-type": contentType } : {});
      res.end(replyBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    requests,
    last(): ReceivedRequest {
      const request = requests.at(-1);
      if (!request) throw new Error("the fake bot received nothing");
      return request;
    },
    answerWith(next: (req: ReceivedRequest) => BotAnswer): void {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function verify(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = headers["x-slack-request-timestamp"];
  const signature = headers["x-slack-signature"];
  if (typeof timestamp !== "string" || typeof signature !== "string") return false;
  const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return (
    expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  );
}

/** The JSON inside an interactivity request's `payload` form field. */
export function interactionPayload(request: ReceivedRequest): Record<string, unknown> {
  const payload = new URLSearchParams(request.body).get("payload");
  if (payload === null) throw new Error("no payload field in the form body");
  return JSON.parse(payload) as Record<string, unknown>;
}

/** A clock tests move by hand. */
export function manualClock(start = Date.now()) {
  let ms = start;
  return {
    now: () => new Date(ms),
    advance(byMs: number): void {
      ms += byMs;
    },
  };
}

/** Keeps the WebClient from printing the errors the tests provoke on purpose. */
export const silentLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A stand-in that sends to a fake bot; both start before the file's tests and close after them. */
export function standInWithFakeBot(signingSecret: string, now: () => Date) {
  const running = {} as { standIn: SlackStandIn; bot: FakeBot };
  beforeAll(async () => {
    running.bot = await startFakeBot(signingSecret);
    running.standIn = await startSlackStandIn({ signingSecret, botUrl: running.bot.url, now });
  });
  afterAll(async () => {
    await running.standIn?.close();
    await running.bot?.close();
  });
  return running;
}

/** A trigger ID the stand-in issued, taken from the slash command the fake bot received. */
export async function freshTriggerId(standIn: SlackStandIn, bot: FakeBot): Promise<string> {
  await standIn.slashCommand({ text: "open" });
  return new URLSearchParams(bot.last().body).get("trigger_id") ?? "";
}
