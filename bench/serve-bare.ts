/**
 * The baseline: a bare Bolt 5 app with the bot's process shape (HTTPReceiver, same signing secret, Web API
 * pointed at the Slack stand-in, bot identity given so nothing calls auth.test) whose listeners only ack
 * and respond with a fixed small message. Whatever the bot costs beyond this is the bot's own work.
 */

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { reportStartFailure, serveCommands } from "./lib/child.js";

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const receiver = new HTTPReceiver({
    signingSecret: required("SLACK_SIGNING_SECRET"),
    endpoints: "/slack/events",
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: required("SLACK_BOT_TOKEN"),
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: required("SLACK_API_URL") },
    // The stand-in's bot identity, passed in rather than imported: the baseline loads nothing but Bolt.
    botId: required("BENCH_BOT_ID"),
    botUserId: required("BENCH_BOT_USER_ID"),
  });
  app.command("/executions", async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: "ephemeral", text: "Executions: nothing to show." });
  });
  app.action(/.*/, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: "ephemeral", replace_original: true, text: "Executions: page 2." });
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  serveCommands(`http://127.0.0.1:${port}`, {}, async () => {
    await app.stop();
  });
}

main().catch(reportStartFailure);
