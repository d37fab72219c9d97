/**
 * Issue: Mixpeek's text reached Slack unescaped in the top-level `text` (the notification on phones) of
 * the subscribe, unsubscribe, mute and unmute messages: a retriever named `<!channel> …` pinged the
 * channel, one named `<https://evil|login>` showed a link (the simulator takes no `/` in a name, so `<mailto:…|login>` here). Every Mixpeek-supplied string is escaped in
 * `text` as in the blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { nthPostTo } from "./answers.js";

let h: Harness;
const ALERTS = "C0ALERTS";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Everything the bot sent to Slack: channel messages, answers through response URLs, Web API calls. */
function everythingSent(): string {
  return JSON.stringify([h.slack.messages(), h.slack.responses(), h.slack.apiCalls()]);
}

describe.each([
  ["<!channel> launch", "&lt;!channel&gt; launch"],
  ["<mailto:it@evil.example|login>", "&lt;mailto:it@evil.example|login&gt;"],
])("a retriever named %s", (name, escaped) => {
  it("is escaped in the notification text of subscribe, mute, unmute and unsubscribe", async () => {
    const { retriever_id: id } = h.sim.addRetriever("demo", name, { executions: 3 });
    const texts: string[] = [];
    for (const command of [`subscribe ${id}`, `mute ${id} 2h`, `unmute ${id}`, `unsubscribe ${id}`]) {
      const reply = await h.slack.slashCommand({ text: command, channelId: ALERTS });
      const answer = await nthPostTo(h.slack, reply.responseUrlId);
      expect(answer.fallback, command).toContain(escaped);
      texts.push(answer.fallback, answer.text);
    }
    const raw = name.slice(0, 8);
    for (const text of texts) expect(text).not.toContain(raw);
    expect(everythingSent()).not.toContain(JSON.stringify(name).slice(1, 9));
  });
});
