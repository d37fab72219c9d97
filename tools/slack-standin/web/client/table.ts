/**
 * The table block as Slack draws it: the first row is the header, each cell raw text (shown exactly as
 * sent, never parsed), a number, or rich text; `column_settings` align and wrap the columns.
 */
import { h } from "./dom.js";
import { renderRichText } from "./rich-text-elements.js";
import type { Surface } from "./surface.js";
import { isObject, type Json, str } from "./values.js";

function cell(value: unknown, surface: Surface): Node {
  if (!isObject(value)) return document.createTextNode("");
  if (value.type === "rich_text") return renderRichText(value, surface.md);
  if (value.type === "raw_number") return document.createTextNode(String(value.value ?? value.text ?? ""));
  return document.createTextNode(str(value.text) ?? "");
}

export function renderTable(block: Json, surface: Surface): HTMLElement {
  const settings = Array.isArray(block.column_settings) ? block.column_settings : [];
  const rows = Array.isArray(block.rows) ? block.rows : [];
  const table = h("table", "slack-table");
  rows.forEach((row, i) => {
    const tr = h("tr");
    (Array.isArray(row) ? row : []).forEach((value, j) => {
      const setting = isObject(settings[j]) ? settings[j] : {};
      const align = setting.align === "right" || setting.align === "center" ? setting.align : "left";
      const wrapped = setting.is_wrapped === true ? " wrapped" : "";
      tr.appendChild(h(i === 0 ? "th" : "td", `cell align-${align}${wrapped}`, cell(value, surface)));
    });
    table.appendChild(tr);
  });
  return h("div", "table-scroll", table);
}
