import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { slashCommandsFromManifest } from "../src/manifest.js";

describe("slashCommandsFromManifest", () => {
  it("reads the project's manifest", () => {
    const commands = slashCommandsFromManifest(readFileSync("manifest/manifest.yml", "utf8"));
    expect(commands.map((c) => c.command)).toEqual(["/executions"]);
    expect(commands[0]?.usageHint).toContain("<retriever>");
    expect(commands[0]?.description).toBeTruthy();
  });

  it("reads several commands with plain, single- and double-quoted values", () => {
    const yaml = [
      "features:",
      "  slash_commands:",
      "    - command: /one",
      "      description: First one # a comment",
      '      usage_hint: "[a] \\"b\\""',
      "    - command: '/two'",
      "      usage_hint: 'it''s'",
      "  app_home:",
      "    home_tab_enabled: true",
    ].join("\n");
    expect(slashCommandsFromManifest(yaml)).toEqual([
      { command: "/one", description: "First one", usageHint: '[a] "b"' },
      { command: "/two", usageHint: "it's" },
    ]);
  });

  it("finds nothing in a manifest without slash commands", () => {
    expect(slashCommandsFromManifest("display_information:\n  name: X\n")).toEqual([]);
  });
});
