/**
 * The playground panel: make Mixpeek misbehave while watching what the bot does. It drives the
 * simulator's `/_sim/` control API (through the stand-in) and shows the simulator's call counts.
 */
import { post, simulator } from "./api.js";
import { toast } from "./dialogs.js";
import { h } from "./dom.js";
import { isObject } from "./values.js";

interface SimState {
  namespaces: Array<{
    id: string;
    name: string;
    retrievers: Array<{ retriever_name: string; executions: number }>;
  }>;
  latencyMs: number;
  faults: Array<Record<string, unknown>>;
  calls: Record<string, number>;
}

const FAULTS: Record<string, { label: string; body: Record<string, unknown> }> = {
  "429": { label: "429 Too Many Requests", body: { kind: "status", status: 429, retryAfterSeconds: 1 } },
  "500": { label: "500 Internal Server Error", body: { kind: "status", status: 500 } },
  invalid_json: { label: "Invalid JSON body", body: { kind: "invalid_json" } },
  schema_break: { label: "Schema break (200, wrong shape)", body: { kind: "schema_break" } },
};

const POLL_MS = 2000;

function describeFault(fault: Record<string, unknown>): string {
  const what =
    fault.kind === "status" ? `HTTP ${String(fault.status)}` : String(fault.kind).replace("_", " ");
  return `${what} × ${String(fault.times ?? 1)}`;
}

export class Playground {
  readonly element: HTMLElement;
  private readonly retriever = h("select", { class: "select", attrs: { "aria-label": "Retriever" } });
  private readonly latency = h("input", {
    class: "slider",
    attrs: { type: "range", min: "0", max: "5000", step: "100", value: "0", "aria-label": "Latency (ms)" },
  });
  private readonly latencyValue = h("output", "slider-value", "0 ms");
  private readonly faultKind = h(
    "select",
    { class: "select", attrs: { "aria-label": "Fault" } },
    Object.entries(FAULTS).map(([value, fault]) => h("option", { attrs: { value } }, fault.label)),
  );
  private readonly faultTimes = h("input", {
    class: "text-input narrow",
    attrs: { type: "number", min: "1", max: "100", value: "5", "aria-label": "For the next N calls" },
  });
  private readonly faultList = h("ul", "fault-list");
  private readonly calls = h("table", "call-table");
  private timer: ReturnType<typeof setInterval> | undefined;
  private retrieversKey = "";

  constructor() {
    this.latency.addEventListener(
      "input",
      () => (this.latencyValue.textContent = `${this.latency.value} ms`),
    );
    this.latency.addEventListener(
      "change",
      () => void this.control("latency", "POST", { ms: Number(this.latency.value) }),
    );
    this.element = h(
      "aside",
      { class: "playground", attrs: { hidden: "", "aria-label": "Playground" } },
      h("div", "pane-head", h("h2", {}, "Playground"), h("span", "pane-sub", "Mixpeek simulator")),
      h(
        "section",
        "pg-section",
        h("h3", {}, "Make a retriever fail"),
        this.retriever,
        h(
          "button",
          {
            class: "btn btn-danger pg-fail",
            attrs: { type: "button" },
            on: { click: () => void this.fail() },
          },
          "Make it fail now",
        ),
        h("p", "pg-help", "Adds a failed run now. A subscribed channel gets an alert at the next watch."),
      ),
      h(
        "section",
        "pg-section",
        h("h3", {}, "Incidents"),
        h(
          "div",
          "pg-buttons",
          this.burstButton("pg-raise-rate", "Raise failure rate", { runs: 20, failure_rate: 0.4 }),
          this.burstButton("pg-raise-latency", "Raise latency", { runs: 20, duration_ms: 2500 }),
          this.burstButton("pg-heal", "Back to normal", { runs: 400, duration_ms: 150 }),
        ),
        h(
          "p",
          "pg-help",
          "Adds runs of the retriever above over the last 5 minutes: 40% failing, or each taking 2.5 s, or 400 " +
            "quick healthy ones. Try /executions subscribe product-search when:failure-rate>5% and " +
            "when:p95>800ms: each fires at the next watch, and recovers after Back to normal. Those healthy " +
            "runs stay in a rule's window as long as it lasts: to fire it again soon after, raise a few times.",
        ),
      ),
      h(
        "section",
        "pg-section",
        h("h3", {}, "Latency"),
        h("div", "slider-row", this.latency, this.latencyValue),
        h("p", "pg-help", "Added to every Mixpeek call the bot makes."),
      ),
      h(
        "section",
        "pg-section",
        h("h3", {}, "Inject a fault"),
        this.faultKind,
        h("label", "pg-inline", "for the next ", this.faultTimes, " calls"),
        h(
          "div",
          "pg-buttons",
          h(
            "button",
            {
              class: "btn btn-primary pg-inject",
              attrs: { type: "button" },
              on: { click: () => void this.inject() },
            },
            "Inject",
          ),
          h(
            "button",
            {
              class: "btn pg-clear",
              attrs: { type: "button" },
              on: { click: () => void this.control("faults", "DELETE") },
            },
            "Clear faults",
          ),
        ),
        h("p", "pg-help", "Each Mixpeek call the bot makes, retries included, uses up one."),
        this.faultList,
      ),
      h(
        "section",
        { class: "pg-section pg-digests", attrs: { hidden: "" } },
        h("h3", {}, "Digests"),
        h(
          "button",
          {
            class: "btn btn-primary pg-send-digests",
            attrs: { type: "button" },
            on: { click: () => void this.sendDigests() },
          },
          "Send digests now",
        ),
        h(
          "p",
          "pg-help",
          "Posts every channel's digest now, as at its scheduled time. Set one first, e.g. " +
            "/executions digest product-search daily at:09:00 tz:Europe/Berlin",
        ),
      ),
      h("section", "pg-section", h("h3", {}, "Simulator calls"), this.calls),
    );
  }

  /** Shows the digest section when the demo can send digests. */
  enableDigests(): void {
    this.element.querySelector(".pg-digests")?.removeAttribute("hidden");
  }

  private async sendDigests(): Promise<void> {
    const answer = (await post("digests", {})) as { ok: boolean; posted?: number; error?: string };
    if (!answer.ok) {
      toast(`Could not send digests: ${answer.error ?? "no answer"}`);
      return;
    }
    const posted = answer.posted ?? 0;
    toast(
      posted === 0
        ? "No digest to send: set one with /executions digest <retriever> daily"
        : `${posted} ${posted === 1 ? "digest" : "digests"} posted.`,
      "info",
    );
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
    clearInterval(this.timer);
    if (this.element.hidden) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
  }

  private burstButton(name: string, label: string, body: Record<string, number>): HTMLElement {
    return h(
      "button",
      { class: `btn ${name}`, attrs: { type: "button" }, on: { click: () => void this.burst(label, body) } },
      label,
    );
  }

  private async burst(label: string, body: Record<string, number>): Promise<void> {
    const [namespace, retriever] = JSON.parse(this.retriever.value || "[]") as string[];
    if (!namespace || !retriever) return;
    const ok = await this.control("burst", "POST", { namespace, retriever, ...body });
    if (ok) toast(`${label}: ${retriever} has ${body.runs} new runs.`, "info");
  }

  private async fail(): Promise<void> {
    const [namespace, retriever] = JSON.parse(this.retriever.value || "[]") as string[];
    if (!namespace || !retriever) return;
    const ok = await this.control("fail", "POST", { namespace, retriever });
    if (ok) toast(`${retriever} has a new failed run.`, "info");
  }

  private async inject(): Promise<void> {
    const fault = FAULTS[this.faultKind.value];
    const times = Math.max(1, Math.min(100, Math.trunc(Number(this.faultTimes.value) || 1)));
    if (fault) await this.control("faults", "POST", { ...fault.body, times });
  }

  private async control(path: string, method: string, body?: unknown): Promise<boolean> {
    const answer = await simulator(path, method, body).catch((error: unknown) => ({
      ok: false,
      body: String(error),
    }));
    if (!answer.ok) {
      const message =
        isObject(answer.body) && isObject(answer.body.error) ? answer.body.error.message : answer.body;
      toast(`The simulator refused: ${String(message)}`);
    }
    await this.refresh();
    return answer.ok;
  }

  async refresh(): Promise<void> {
    const answer = await simulator("state").catch(() => undefined);
    if (!answer?.ok || !isObject(answer.body)) return;
    this.show(answer.body as unknown as SimState);
  }

  private show(state: SimState): void {
    const retrievers = state.namespaces.flatMap((ns) =>
      ns.retrievers.map((r) => ({
        value: JSON.stringify([ns.name, r.retriever_name]),
        label: `${r.retriever_name} (${ns.name})`,
      })),
    );
    const key = JSON.stringify(retrievers);
    if (key !== this.retrieversKey) {
      const current = this.retriever.value;
      this.retriever.replaceChildren(
        ...retrievers.map((r) => h("option", { attrs: { value: r.value } }, r.label)),
      );
      if (retrievers.some((r) => r.value === current)) this.retriever.value = current;
      this.retrieversKey = key;
    }
    if (document.activeElement !== this.latency) {
      this.latency.value = String(state.latencyMs);
      this.latencyValue.textContent = `${state.latencyMs} ms`;
    }
    this.faultList.replaceChildren(
      ...(state.faults.length === 0
        ? [h("li", "muted", "No faults queued")]
        : state.faults.map((fault) => h("li", {}, describeFault(fault)))),
    );
    const total = Object.values(state.calls).reduce((sum, n) => sum + n, 0);
    this.calls.replaceChildren(
      ...Object.entries(state.calls).map(([kind, count]) =>
        h("tr", {}, h("td", {}, kind), h("td", "num", String(count))),
      ),
      h(
        "tr",
        "total",
        h("td", {}, "total"),
        h("td", { class: "num", attrs: { "data-total": String(total) } }, String(total)),
      ),
    );
  }
}
