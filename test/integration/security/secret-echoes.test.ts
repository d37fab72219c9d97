/**
 * Issue: scrubbing caught a secret only whole. An upstream that echoes the first characters of the API
 * key back (in `x-request-id`, or an error body) put half a key in the log. Now any prefix of a secret
 * of 10 characters or more is scrubbed like the secret itself.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness, TEST_SECRETS } from "../../helpers/bot-harness.js";
import { type ScriptedServer, startScriptedServer } from "../../helpers/scripted-server.js";
import { nthPostTo } from "./answers.js";

let h: Harness;
let mixpeek: ScriptedServer;
const { apiKey } = TEST_SECRETS;
const echoed = apiKey.slice(0, 16);

beforeAll(async () => {
  // "Mixpeek" here refuses the key and echoes its first 16 characters back, as a careless proxy might.
  mixpeek = await startScriptedServer();
  h = await startHarness({ env: { MIXPEEK_BASE_URL: mixpeek.url } });
});
afterAll(async () => {
  await h?.close();
  await mixpeek?.close();
});

it("a key's prefix echoed in x-request-id and the error body never reaches the log", async () => {
  const refusal = {
    status: 401,
    headers: { "x-request-id": `req-${echoed}-7f3a` },
    body: { success: false, status: 401, error: { message: `Invalid API key ${echoed}…`, type: "auth" } },
  };
  mixpeek.script(...Array.from({ length: 5 }, () => refusal));
  const reply = await h.slack.slashCommand({ text: "product-search" });
  const answer = await nthPostTo(h.slack, reply.responseUrlId);
  expect(answer.text).toMatch(/API key/);
  await h.slack.waitFor(() => h.handled("command") > 0);

  expect(mixpeek.requests.length).toBeGreaterThan(0);
  expect(h.logs.some((line) => line.includes("req-[redacted]"))).toBe(true);
  expect(h.logs.filter((line) => line.includes(apiKey.slice(0, 10)))).toEqual([]);
  expect(JSON.stringify(h.slack.responses())).not.toContain(apiKey.slice(0, 10));
});
