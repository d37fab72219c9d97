import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BOT_SCOPES } from "../../../src/slack/scopes.js";

/** The manifest's `oauth_config.scopes.bot` list, read line by line (the manifest is plain YAML). */
function manifestBotScopes(): string[] {
  const lines = readFileSync(new URL("../../../manifest/manifest.yml", import.meta.url), "utf8").split("\n");
  const start = lines.findIndex((line) => /^\s{4}bot:\s*$/.test(line));
  const scopes: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*#/.test(line)) continue;
    const item = /^\s{6}- (\S+)\s*$/.exec(line);
    if (!item) break;
    scopes.push(item[1] as string);
  }
  return scopes;
}

describe("BOT_SCOPES", () => {
  it("are exactly the manifest's bot scopes, which an install asks for", () => {
    expect(manifestBotScopes().length).toBeGreaterThan(5);
    expect([...BOT_SCOPES].sort()).toEqual(manifestBotScopes().sort());
  });

  it("the manifest sends installs back to /slack/oauth_redirect and subscribes to leaving events", () => {
    const manifest = readFileSync(new URL("../../../manifest/manifest.yml", import.meta.url), "utf8");
    expect(manifest).toContain("- https://YOUR-HOST/slack/oauth_redirect");
    expect(manifest).toMatch(/- app_uninstalled\n\s+- tokens_revoked/);
  });
});
