/**
 * The page: a small Slack workspace around the stand-in's state. Each state refresh redraws the
 * sidebar, the open channel (or the Home tab), the thread pane and the modal; everything a person does
 * goes to the stand-in's `/_standin/ui/*` routes and comes back as a state change.
 */
import type { StoredMessage } from "../../src/types.js";
import { post, type Snapshot, type UiConfig } from "./api.js";
import { renderBlocks } from "./blocks.js";
import { Composer } from "./composer.js";
import { reportOutcome, toast } from "./dialogs.js";
import { h, replaceChildren } from "./dom.js";
import { type ListItem, MessageList } from "./message-list.js";
import { renderMessage } from "./message-view.js";
import { ModalLayer } from "./modal.js";
import { escapeEntities, type MrkdwnContext } from "./mrkdwn.js";
import { Playground } from "./playground.js";
import { refusalNotes, viewRefusalTexts } from "./refusals.js";
import { type Place, renderSidebar } from "./sidebar.js";
import { Surfaces } from "./surfaces.js";
import { ThreadPane } from "./thread-pane.js";
import { compareTs } from "./ts.js";

const SLACKBOT = "USLACKBOT";

const isTopLevel = (m: StoredMessage) => m.thread_ts === undefined || m.thread_ts === m.ts;

export class DemoApp {
  private snapshot: Snapshot = {
    channels: [],
    users: [],
    messages: [],
    ephemerals: [],
    views: [],
    refusals: [],
  };
  private place: Place;
  private readonly surfaces = new Surfaces(() => this.md());
  private readonly jsonOpen = new Set<string>();
  private readonly dismissed = new Set<string>();
  private readonly notices: StoredMessage[] = [];
  private readonly lastSeen = new Map<string, string>();
  private readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  private scrollToEnd = false;
  /** Refused views already told with a toast; those from before the page opened are not. */
  private viewRefusalsTold: number | undefined;

  private readonly sidebar = h("aside", "sidebar");
  private readonly title = h("div", "channel-title");
  private readonly list: MessageList;
  private readonly home = h("div", { class: "home", attrs: { hidden: "" } });
  private readonly composer: Composer;
  private readonly playground = new Playground();
  private readonly modals: ModalLayer;
  private readonly thread: ThreadPane;
  private readonly live = h("span", { class: "live", attrs: { title: "Live updates" } }, "connecting…");

  constructor(
    private readonly config: UiConfig,
    root: HTMLElement,
  ) {
    this.place = { kind: "channel", id: "" };
    const messages = h("div", { class: "messages", attrs: { role: "log", "aria-label": "Messages" } });
    this.list = new MessageList(messages);
    this.composer = new Composer(config.commands, {
      command: (command, text) => this.command(command, text),
      message: (text) => this.postMessage(text),
      unknownCommand: (command) =>
        this.notice(
          `\`${command}\` is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
        ),
    });
    this.thread = new ThreadPane({
      render: (m) => this.messageItem(m, false),
      reply: (threadTs, text) => this.postMessage(text, threadTs),
    });
    const modalRoot = h("div", "modal-root");
    this.modals = new ModalLayer(modalRoot, {
      surface: (view, errors) => this.surfaces.forView(view, errors),
    });
    const playgroundToggle = h(
      "button",
      { class: "btn btn-small playground-toggle", attrs: { type: "button", "aria-expanded": "false" } },
      "Playground",
    );
    playgroundToggle.addEventListener("click", () => {
      this.playground.toggle();
      playgroundToggle.setAttribute("aria-expanded", String(this.playground.open));
    });
    if (!config.playground) playgroundToggle.hidden = true;
    if (config.digests) this.playground.enableDigests();
    replaceChildren(
      root,
      h(
        "header",
        "topbar",
        h("div", "topbar-search", `Search ${config.team}`),
        h("div", "topbar-right", this.live, playgroundToggle),
      ),
      this.sidebar,
      h("main", "channel", h("div", "channel-head", this.title), messages, this.home, this.composer.element),
      this.thread.element,
      this.playground.element,
      modalRoot,
    );
  }

  setLive(live: boolean): void {
    this.live.textContent = live ? "● live" : "● reconnecting…";
    this.live.classList.toggle("off", !live);
  }

  update(snapshot: Snapshot): void {
    const first = this.snapshot.channels.length === 0;
    this.snapshot = snapshot;
    this.tellRefusedViews();
    if (first) {
      for (const channel of snapshot.channels) this.markSeen(channel.id);
      const start = snapshot.channels.find((c) => c.dmWith === undefined);
      if (start) this.place = { kind: "channel", id: start.id };
    }
    this.render();
  }

  private render(): void {
    const { place } = this;
    if (place.kind === "channel") this.markSeen(place.id);
    replaceChildren(
      this.sidebar,
      ...renderSidebar({
        team: this.config.team,
        appName: this.config.bot.name,
        // A direct message shows once something was said in it, as in Slack.
        channels: this.snapshot.channels.filter(
          (c) => c.dmWith === undefined || this.snapshot.messages.some((m) => m.channel === c.id),
        ),
        dmLabel: (c) =>
          c.dmWith === this.config.viewer.id
            ? this.config.bot.name
            : (this.snapshot.users.find((u) => u.id === c.dmWith)?.name ?? c.name),
        unread: (id) => this.unread(id),
        place,
        go: (next) => this.go(next),
      }),
    );
    this.home.hidden = place.kind !== "home";
    this.list.root.hidden = place.kind === "home";
    this.composer.element.hidden = place.kind === "home";
    if (place.kind === "home") this.renderHome();
    else this.renderChannel(place.id);
    this.thread.render(this.snapshot, this.config.viewer.id);
    this.modals.render(this.snapshot.views, this.config.viewer.id);
  }

  private go(place: Place): void {
    if (JSON.stringify(place) === JSON.stringify(this.place)) return;
    this.place = place;
    this.list.clear();
    this.scrollToEnd = true;
    // Slack sends app_home_opened every time the Home tab is opened.
    if (place.kind === "home") void post("home", {}).then((o) => reportOutcome(o));
    this.render();
    this.composer.focus();
  }

  private channelName(id: string): string {
    const channel = this.snapshot.channels.find((c) => c.id === id);
    if (channel?.dmWith === this.config.viewer.id) return this.config.bot.name;
    return channel?.name ?? id;
  }

  private renderChannel(id: string): void {
    const name = this.channelName(id);
    replaceChildren(
      this.title,
      h("span", "channel-name", `# ${name}`),
      h("span", "channel-sub", "Type / for commands"),
    );
    this.composer.setPlaceholder(`Message #${name}  (try /executions product-search)`);
    const viewer = this.config.viewer.id;
    const shown = [
      ...this.snapshot.messages.filter((m) => m.channel === id && isTopLevel(m)),
      ...this.snapshot.ephemerals.filter(
        (m) => m.ephemeralTo === viewer && m.channel === id && isTopLevel(m) && !this.dismissed.has(m.ts),
      ),
      ...this.notices.filter((m) => m.channel === id),
      ...refusalNotes(this.snapshot.refusals, viewer, SLACKBOT).filter(
        (m) => m.channel === id && !this.dismissed.has(m.ts),
      ),
    ].sort((a, b) => compareTs(a.ts, b.ts));
    const intro: ListItem = {
      key: "intro",
      signature: name,
      render: () =>
        h(
          "div",
          "channel-intro",
          h("h3", {}, `This is the very beginning of #${name}`),
          h(
            "p",
            {},
            "Type /executions and a retriever name, e.g. /executions product-search, or /executions help.",
          ),
        ),
    };
    this.list.update([intro, ...shown.map((m) => this.messageItem(m, true))], {
      scrollToEnd: this.scrollToEnd,
    });
    this.scrollToEnd = false;
  }

  private renderHome(): void {
    replaceChildren(
      this.title,
      h("span", "channel-name", this.config.bot.name),
      h("span", "channel-sub", "Home"),
    );
    const view = this.snapshot.views.find((v) => v.type === "home" && v.user === this.config.viewer.id);
    const key = view ? `${view.id}:${view.hash}` : "none";
    if (this.home.dataset.key === key) return;
    this.home.dataset.key = key;
    replaceChildren(
      this.home,
      view
        ? renderBlocks(view.blocks, this.surfaces.forView(view, {}))
        : h("div", "home-empty", "Nothing here yet: the app has not published a Home tab (views.publish)."),
    );
  }

  private messageItem(message: StoredMessage, withReplies: boolean): ListItem {
    const replies = withReplies ? this.replyCount(message) : 0;
    const jsonOpen = this.jsonOpen.has(message.ts);
    return {
      key: message.user === SLACKBOT ? `notice:${message.ts}` : message.ts,
      signature: JSON.stringify([message.text, message.blocks, message.edited, replies, jsonOpen]),
      render: () => {
        const user = this.snapshot.users.find((u) => u.id === message.user);
        return renderMessage({
          message,
          author: {
            name: message.user === SLACKBOT ? "Slackbot" : (user?.name ?? message.user),
            isApp: message.user === this.config.bot.id,
          },
          surface: this.surfaces.forMessage(message),
          timeZone: this.timeZone,
          replies: { count: replies, onOpen: () => this.thread.open(message.channel, message.ts) },
          jsonOpen,
          onToggleJson: () => {
            if (!this.jsonOpen.delete(message.ts)) this.jsonOpen.add(message.ts);
            this.render();
          },
          onDismiss:
            message.ephemeralTo === undefined
              ? undefined
              : () => {
                  this.dismissed.add(message.ts);
                  const index = this.notices.findIndex((n) => n.ts === message.ts);
                  if (index >= 0) this.notices.splice(index, 1);
                  this.render();
                },
        });
      },
    };
  }

  private tellRefusedViews(): void {
    const texts = viewRefusalTexts(this.snapshot.refusals);
    for (const text of texts.slice(this.viewRefusalsTold ?? texts.length)) toast(text);
    this.viewRefusalsTold = texts.length;
  }

  private replyCount(parent: StoredMessage): number {
    return this.snapshot.messages.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts).length;
  }

  private unread(channelId: string): number {
    const seen = this.lastSeen.get(channelId) ?? "0.0";
    return this.snapshot.messages.filter(
      (m) => m.channel === channelId && isTopLevel(m) && compareTs(m.ts, seen) > 0,
    ).length;
  }

  private markSeen(channelId: string): void {
    const latest = this.snapshot.messages
      .filter((m) => m.channel === channelId)
      .reduce((max, m) => (compareTs(m.ts, max) > 0 ? m.ts : max), this.lastSeen.get(channelId) ?? "0.0");
    this.lastSeen.set(channelId, latest);
  }

  md(): MrkdwnContext {
    return {
      timeZone: this.timeZone,
      now: new Date(),
      users: Object.fromEntries(this.snapshot.users.map((u) => [u.id, u.name])),
      channels: Object.fromEntries(this.snapshot.channels.map((c) => [c.id, c.name])),
    };
  }

  private async command(command: string, text: string): Promise<void> {
    if (this.place.kind !== "channel") return;
    const channel = this.place.id;
    this.scrollToEnd = true;
    const outcome = await post("command", { channel, command, text });
    if (!outcome.ok)
      this.notice(`\`${command}\` failed with the error "${outcome.error ?? "unknown"}"`, channel);
  }

  private async postMessage(text: string, threadTs?: string): Promise<void> {
    const channel =
      threadTs === undefined && this.place.kind === "channel" ? this.place.id : this.thread.channel;
    if (channel === undefined) return;
    this.scrollToEnd = true;
    reportOutcome(await post("message", { channel, text, ...(threadTs === undefined ? {} : { threadTs }) }));
  }

  /** A note from "Slackbot" that only the viewer sees, for what Slack itself would say. */
  private notice(text: string, channel = this.place.kind === "channel" ? this.place.id : ""): void {
    const now = Date.now();
    const last = this.notices.at(-1)?.ts;
    let ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, "0")}`;
    if (last !== undefined && compareTs(ts, last) <= 0)
      ts = `${last.split(".")[0]}.${String(Number(last.split(".")[1]) + 1).padStart(6, "0")}`;
    this.notices.push({
      channel,
      ts,
      text: escapeEntities(text),
      user: SLACKBOT,
      edited: 0,
      ephemeralTo: this.config.viewer.id,
    });
    this.scrollToEnd = true;
    this.render();
  }
}
