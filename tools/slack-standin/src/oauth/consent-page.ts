/** Slack's consent screen, as the stand-in plays it: which workspace to install into, Allow or Cancel. */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export interface ConsentChoice {
  /** What Allow sends the browser to (the stand-in's `/oauth/v2/authorize/allow?…`). */
  allowUrl: string;
  label: string;
}

export function renderConsentPage(f: {
  scopes: string[];
  choices: ConsentChoice[];
  cancelUrl: string;
}): string {
  const items = f.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join("");
  const buttons = f.choices
    .map(
      (choice) =>
        `<p><a class="allow" href="${escapeHtml(choice.allowUrl)}">Allow in ${escapeHtml(choice.label)}</a></p>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Executions is requesting permission</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto}a.allow{background:#007a5a;color:#fff;padding:.5rem 1rem;border-radius:4px;text-decoration:none}</style>
</head><body><h1>Executions is requesting permission to access your Slack workspace</h1>
<p>It will be able to:</p><ul>${items}</ul>${buttons}
<p><a href="${escapeHtml(f.cancelUrl)}">Cancel</a></p></body></html>`;
}
