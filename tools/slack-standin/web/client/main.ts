/** Entry point of the demo page: load the config, draw the workspace, follow the stand-in's changes. */
import { getConfig, getState } from "./api.js";
import { DemoApp } from "./app.js";
import { h } from "./dom.js";

async function start(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) return;
  const app = new DemoApp(await getConfig(), root);

  // One refresh at a time; changes that arrive meanwhile cause exactly one more.
  let running = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        app.update(await getState());
      } while (again);
    } catch {
      again = false;
    } finally {
      running = false;
    }
  };

  const events = new EventSource("/_standin/events");
  events.addEventListener("change", () => void refresh());
  events.addEventListener("open", () => {
    app.setLive(true);
    void refresh();
  });
  events.addEventListener("error", () => app.setLive(false));
  await refresh();
  document.body.dataset.ready = "true";
}

start().catch((error: unknown) => {
  document.body.replaceChildren(h("pre", "fatal", `The demo page could not start: ${String(error)}`));
});
