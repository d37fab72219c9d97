/**
 * Slack's rules for the table block (messages only): at most 100 rows of at most 20 cells, each cell a
 * `raw_text` (non-empty text), `raw_number` or `rich_text`, at most 20 column settings, and one table in
 * a message. Breaking any of them gets `invalid_blocks`, as from Slack.
 */
import { type Findings, isObject, type Json, report } from "./limit-checks.js";

export const TABLE_LIMITS = { rows: 100, cells: 20, columnSettings: 20 } as const;

const ALIGNS = new Set(["left", "center", "right"]);

function checkCell(findings: Findings, cell: unknown, path: string): void {
  if (!isObject(cell)) {
    report(findings, path, "must be a table cell object");
    return;
  }
  switch (cell.type) {
    case "raw_text":
      if (typeof cell.text !== "string" || cell.text.length === 0) {
        report(findings, `${path}/text`, "must be a non-empty string");
      }
      return;
    case "raw_number":
      if (typeof cell.value !== "number" && typeof cell.text !== "string") {
        report(findings, path, "a raw_number cell needs a number");
      }
      return;
    case "rich_text":
      if (!Array.isArray(cell.elements) || cell.elements.length === 0) {
        report(findings, `${path}/elements`, "must be a non-empty array");
      }
      return;
    default:
      report(
        findings,
        `${path}/type`,
        `must be raw_text, raw_number or rich_text, not ${JSON.stringify(cell.type)}`,
      );
  }
}

export function checkTable(findings: Findings, block: Json, path: string, inMessage: boolean): void {
  if (!inMessage) report(findings, path, "a table block is only allowed in messages");
  const rows = block.rows;
  if (!Array.isArray(rows) || rows.length === 0) {
    report(findings, `${path}/rows`, "must be a non-empty array");
    return;
  }
  if (rows.length > TABLE_LIMITS.rows) {
    report(findings, `${path}/rows`, `has ${rows.length} rows (max ${TABLE_LIMITS.rows})`);
  }
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length === 0) {
      report(findings, `${path}/rows/${i}`, "must be a non-empty array of cells");
      return;
    }
    if (row.length > TABLE_LIMITS.cells) {
      report(findings, `${path}/rows/${i}`, `has ${row.length} cells (max ${TABLE_LIMITS.cells})`);
    }
    row.forEach((cell, j) => {
      checkCell(findings, cell, `${path}/rows/${i}/${j}`);
    });
  });
  const settings = block.column_settings;
  if (settings === undefined) return;
  if (!Array.isArray(settings)) {
    report(findings, `${path}/column_settings`, "must be an array");
    return;
  }
  if (settings.length > TABLE_LIMITS.columnSettings) {
    report(
      findings,
      `${path}/column_settings`,
      `has ${settings.length} items (max ${TABLE_LIMITS.columnSettings})`,
    );
  }
  settings.forEach((setting, i) => {
    if (setting === null) return;
    if (!isObject(setting)) {
      report(findings, `${path}/column_settings/${i}`, "must be an object or null");
    } else if (setting.align !== undefined && !ALIGNS.has(String(setting.align))) {
      report(findings, `${path}/column_settings/${i}/align`, "must be left, center or right");
    }
  });
}
