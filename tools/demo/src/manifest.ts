/**
 * The slash commands declared in the Slack app manifest, so the demo's composer offers the same command,
 * description and usage hint a workspace would. Only the simple YAML the manifest uses is read: a list of
 * `- command:` entries with plain or quoted one-line values.
 */
import type { SlashCommandInfo } from "@executions-bot/slack-standin";

function scalar(raw: string): string {
  const value = raw.trim();
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2)
    return value.slice(1, -1).replace(/''/g, "'");
  return value.replace(/\s+#.*$/, "");
}

export function slashCommandsFromManifest(yaml: string): SlashCommandInfo[] {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s*slash_commands:\s*$/.test(line));
  if (start < 0) return [];
  const indent = (lines[start]?.match(/^\s*/)?.[0].length ?? 0) + 1;
  const commands: SlashCommandInfo[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if ((line.match(/^\s*/)?.[0].length ?? 0) < indent) break;
    const field = /^\s*(-\s+)?([a-z_]+):\s*(.*)$/.exec(line);
    if (!field) continue;
    const [, dash, key = "", value = ""] = field;
    if (dash) commands.push({ command: "" });
    const current = commands.at(-1);
    if (!current) continue;
    if (key === "command") current.command = scalar(value);
    if (key === "description") current.description = scalar(value);
    if (key === "usage_hint") current.usageHint = scalar(value);
  }
  return commands.filter((c) => c.command.startsWith("/"));
}
