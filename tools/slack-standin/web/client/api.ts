/** The page's calls to the stand-in: its state, and what the person does (`/_standin/ui/*`). */
import type {
  Channel,
  RecordedRefusal,
  SlashCommandInfo,
  StoredMessage,
  StoredView,
  User,
} from "../../src/types.js";

export interface UiConfig {
  viewer: { id: string; name: string };
  bot: { id: string; name: string };
  team: string;
  commands: SlashCommandInfo[];
  playground: boolean;
  /** Whether the playground may send the digests now. */
  digests: boolean;
}

/** `GET /_standin/state`. */
export interface Snapshot {
  channels: Channel[];
  users: User[];
  messages: StoredMessage[];
  ephemerals: StoredMessage[];
  views: StoredView[];
  /** What the stand-in refused, as Slack would; dates arrive as JSON strings. */
  refusals: (Omit<RecordedRefusal, "at"> & { at: string })[];
}

/** How the bot took a request the page made: `error` is what Slack would show (e.g. dispatch_failed). */
export interface Outcome {
  ok: boolean;
  status?: number;
  error?: string;
  response?: unknown;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === "" ? null : JSON.parse(text);
  } catch {
    return { ok: false, error: text.slice(0, 200) };
  }
}

export async function getConfig(): Promise<UiConfig> {
  return (await readJson(await fetch("/_standin/ui/config"))) as UiConfig;
}

export async function getState(): Promise<Snapshot> {
  return (await readJson(await fetch("/_standin/state", { cache: "no-store" }))) as Snapshot;
}

export async function post(name: string, body: unknown): Promise<Outcome> {
  try {
    const response = await fetch(`/_standin/ui/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await readJson(response)) as Outcome | null;
    return answer ?? { ok: response.ok, status: response.status };
  } catch (error) {
    return { ok: false, error: `The demo server did not answer (${String(error)})` };
  }
}

/** The simulator's control API, through the stand-in (`/_standin/ui/sim/…` → `/_sim/…`). */
export async function simulator(
  path: string,
  method = "GET",
  body?: unknown,
): Promise<{ ok: boolean; body: unknown }> {
  const response = await fetch(`/_standin/ui/sim/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { ok: response.ok, body: await readJson(response) };
}
