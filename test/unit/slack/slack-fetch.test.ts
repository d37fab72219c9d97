/** The bot's Slack fetch sends Node's FormData as multipart, as files.uploadV2 needs. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSlackFetch } from "../../../src/slack/slack-fetch.js";

const received: Array<{ type: string | undefined; body: Buffer }> = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({ type: req.headers["content-type"], body: Buffer.concat(chunks) });
    res.end("OK");
  });
});
const slack = createSlackFetch({ connections: 2 });

beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)));
afterAll(async () => {
  await slack.close();
  await new Promise((resolve) => server.close(resolve));
});

it("encodes a FormData body as multipart bytes, file and fields intact", async () => {
  const form = new FormData();
  form.append("body", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]), "chart.png");
  form.append("note", "hello");
  const { port } = server.address() as AddressInfo;
  const response = await slack.fetch(`http://127.0.0.1:${port}/upload`, {
    method: "POST",
    body: form,
  } as never);
  expect(response.status).toBe(200);
  const [request] = received;
  expect(request?.type).toMatch(/^multipart\/form-data; boundary=/);
  const parsed = await new Response(new Uint8Array(request!.body), {
    headers: { "content-type": request!.type! },
  }).formData();
  const file = parsed.get("body") as File;
  expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  expect(parsed.get("note")).toBe("hello");
});
