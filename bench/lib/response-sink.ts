/**
 * Where the bot's response_url posts go in the load benchmarks: a loopback server that answers `ok` and
 * counts posts per URL. The Slack stand-in would also validate and store every message, which costs the
 * load generator's process far more than the answer costs the bot; the sink keeps the measuring side
 * cheap while still proving each request was answered exactly once.
 *
 * The bot posts answers only to Slack's hosts or SLACK_API_URL's origin (slack/response-url-policy.ts),
 * so the sink is that origin: the apps' SLACK_API_URL is `${sink.url}/api/`, and every request that is not
 * an answer (auth.test at start, Web API calls) is passed on to the Slack stand-in as it came.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface ResponseSink {
  /** e.g. http://127.0.0.1:40123; a response URL is `${url}/r/<id>`. */
  url: string;
  /** What the apps get as SLACK_API_URL: the stand-in's Web API, through the sink's origin. */
  apiUrl: string;
  responseUrl(id: string): string;
  /** Posts received for ids starting with `prefix`: how many ids got one, and how many posts were extra. */
  answered(prefix: string): { ids: number; duplicates: number };
  /** Resolves once `count` ids with this prefix were answered; rejects after `timeoutMs`. */
  waitForAnswers(prefix: string, count: number, timeoutMs: number): Promise<void>;
  /**
   * Resolves when the first post for `id` arrives (at once if it already did), with the time it arrived
   * (performance.now()); rejects after `timeoutMs`. Ask before sending the request, so no post is missed.
   */
  waitForAnswer(id: string, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

export async function startResponseSink(options: { slackOrigin: string }): Promise<ResponseSink> {
  const posts = new Map<string, number>();
  const arrivals = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  const server = createServer((req, res) => {
    if (!(req.url ?? "").startsWith("/r/")) {
      const upstream = request(new URL(req.url ?? "/", options.slackOrigin), {
        method: req.method,
        headers: req.headers,
      });
      upstream.on("response", (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    req.resume();
    req.on("end", () => {
      const id = decodeURIComponent((req.url ?? "").replace(/^\/r\//, ""));
      posts.set(id, (posts.get(id) ?? 0) + 1);
      if (!arrivals.has(id)) {
        const at = performance.now();
        arrivals.set(id, at);
        waiters.get(id)?.(at);
        waiters.delete(id);
      }
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  // A bot answering thousands of joined requests at once opens as many connections; Node's default
  // backlog (511) would drop SYNs and turn the sink into the bottleneck.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const answered = (prefix: string) => {
    let ids = 0;
    let duplicates = 0;
    for (const [id, n] of posts) {
      if (!id.startsWith(prefix)) continue;
      ids += 1;
      duplicates += n - 1;
    }
    return { ids, duplicates };
  };
  return {
    url,
    apiUrl: `${url}/api/`,
    responseUrl: (id) => `${url}/r/${encodeURIComponent(id)}`,
    answered,
    async waitForAnswers(prefix, count, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (answered(prefix).ids < count) {
        if (performance.now() > deadline) {
          throw new Error(`only ${answered(prefix).ids} of ${count} '${prefix}' requests were answered`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    waitForAnswer(id, timeoutMs) {
      const arrived = arrivals.get(id);
      if (arrived !== undefined) return Promise.resolve(arrived);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(id);
          reject(new Error(`'${id}' was not answered within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(id, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
