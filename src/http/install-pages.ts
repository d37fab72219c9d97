/**
 * The pages a person sees in the browser at the end of an install (distributed mode): what to do next, or
 * why the install did not complete. Pure functions from what happened to HTML; every value is escaped.
 */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d}
code{background:#f4f4f4;padding:.1rem .3rem;border-radius:3px}h1{font-size:1.6rem}</style></head>
<body>${body}</body></html>`;
}

export interface InstalledPage {
  /** The workspace (or Enterprise Grid org) name Slack gave, if any. */
  teamName: string | undefined;
  isEnterpriseInstall: boolean;
  /** Opens the app in Slack (its Home tab), when Slack said which app and team. */
  appLink: string | undefined;
}

export function renderInstalledPage(installed: InstalledPage): string {
  const where = installed.teamName
    ? `${installed.isEnterpriseInstall ? "the organisation" : ""} <strong>${escapeHtml(installed.teamName)}</strong>`
    : "your workspace";
  const open = installed.appLink
    ? `<p><a href="${escapeHtml(installed.appLink)}">Open Executions in Slack</a></p>`
    : "";
  return page(
    "Executions is installed",
    `<h1>Executions is installed in ${where}</h1>
<p>One step left: connect your Mixpeek account. In any channel, type</p>
<p><code>/executions connect</code></p>
<p>and enter a Mixpeek API key, the namespace to read by default, and any other namespaces people may read.
The key is checked with Mixpeek before it is saved, stored encrypted, and never shown again (only its last
4 characters). Workspace admins and owners can connect, or the people named in
<code>SUBSCRIPTION_MANAGERS</code> where the bot's operator set it.</p>
<p>Then try <code>/executions help</code>.</p>${open}`,
  );
}

export function renderInstallFailedPage(reason: "state" | "denied" | "other"): string {
  const why = {
    state:
      "The link that brought you here expired or was not the one this server handed out, so nothing was installed.",
    denied: "The install was cancelled on Slack's page, so nothing was installed.",
    other: "Slack did not complete the install, so nothing was installed.",
  }[reason];
  return page(
    "Executions was not installed",
    `<h1>Executions was not installed</h1><p>${why}</p><p><a href="/slack/install">Start the install again</a></p>`,
  );
}
