/** The left sidebar: channels with unread counts, direct messages, and the app's Home tab. */
import type { Channel } from "../../src/types.js";
import { h } from "./dom.js";

export type Place = { kind: "channel"; id: string } | { kind: "home" };

export interface SidebarModel {
  team: string;
  appName: string;
  channels: readonly Channel[];
  /** What a direct message is called: the other person, or the app for its own conversation with you. */
  dmLabel: (channel: Channel) => string;
  unread: (channelId: string) => number;
  place: Place;
  go: (place: Place) => void;
}

function item(
  label: string,
  icon: string,
  active: boolean,
  unread: number,
  go: () => void,
  id: string,
): HTMLElement {
  return h(
    "button",
    {
      class: `side-item${active ? " active" : ""}${unread > 0 ? " unread" : ""}`,
      attrs: { type: "button", "data-place": id, "aria-current": active ? "page" : undefined },
      on: { click: go },
    },
    h("span", "side-icon", icon),
    h("span", "side-label", label),
    unread > 0 ? h("span", "side-badge", String(unread)) : null,
  );
}

export function renderSidebar(m: SidebarModel): HTMLElement[] {
  const isHere = (id: string) => m.place.kind === "channel" && m.place.id === id;
  const channels = m.channels
    .filter((c) => c.dmWith === undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  const dms = m.channels.filter((c) => c.dmWith !== undefined);
  return [
    h("div", "side-team", h("span", "side-team-name", m.team), h("span", "side-team-caret", "▾")),
    h(
      "nav",
      { class: "side-nav", attrs: { "aria-label": "Channels" } },
      h("div", "side-section", "Channels"),
      channels.map((c) =>
        item(c.name, "#", isHere(c.id), m.unread(c.id), () => m.go({ kind: "channel", id: c.id }), c.id),
      ),
      dms.length > 0 ? h("div", "side-section", "Direct messages") : null,
      dms.map((c) =>
        item(c.name, "●", isHere(c.id), m.unread(c.id), () => m.go({ kind: "channel", id: c.id }), c.id),
      ),
      h("div", "side-section", "Apps"),
      item("Home", "⌂", m.place.kind === "home", 0, () => m.go({ kind: "home" }), "home"),
      h("div", "side-app-name", m.appName),
    ),
  ];
}
