// TableResult: a table with optional row/column headers, coloured cells, sorting and filtering
// (when the result allows it) and a CSV download.

import { h } from "../dom.js";
import { resultToolbar } from "./common.js";

function formatCell(value, kind, decimals) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && Number.isInteger(decimals) && decimals >= 0) return value.toFixed(Math.min(decimals, 20));
  if (typeof value === "boolean") return value ? "true" : "false";
  if (kind === "date" && typeof value === "string") return value.replace("T", " ");
  return String(value);
}

function compare(a, b) {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** A filter: text matches as "contains"; numbers also take >, <, >=, <=, = prefixes. */
function matches(value, text, kind) {
  const query = text.trim();
  if (!query) return true;
  if (kind === "number" && typeof value === "number") {
    const m = /^(>=|<=|>|<|=)\s*(-?[\d.eE+-]+)$/.exec(query);
    if (m) {
      const n = Number(m[2]);
      return { ">": value > n, "<": value < n, ">=": value >= n, "<=": value <= n, "=": value === n }[m[1]];
    }
  }
  return formatCell(value, kind, null).toLowerCase().includes(query.toLowerCase());
}

function csvCell(text) {
  const s = String(text);
  // Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?[\d.]+$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function styleCell(td, cell, header) {
  if (cell.text_color) td.style.color = cell.text_color;
  if (cell.background_color) td.style.backgroundColor = cell.background_color;
  if (cell.text_style === "bold") td.style.fontWeight = "bold";
  if (cell.text_style === "italic") td.style.fontStyle = "italic";
  if (header?.align) td.style.textAlign = header.align;
}

function sizeColumn(th, header, autosize) {
  if (autosize) return;
  if (Number.isFinite(header.width)) th.style.width = `${header.width}px`;
  if (Number.isFinite(header.min_width)) th.style.minWidth = `${header.min_width}px`;
  if (Number.isFinite(header.max_width)) th.style.maxWidth = `${header.max_width}px`;
}

export async function mountTable(container, result) {
  const columns = Array.isArray(result.columns) ? result.columns : [];
  const rows = (Array.isArray(result.rows) ? result.rows : []).map((cells, index) => ({ cells, index }));
  const rowHeaders = Array.isArray(result.row_headers) ? result.row_headers : null;
  const showIndex = !rowHeaders && result.show_index !== false;
  const hasRowHeader = Boolean(rowHeaders) || showIndex;
  const interactive = Boolean(result.sorting_and_filtering);
  const state = { sortColumn: -1, direction: 1, filters: columns.map(() => "") };

  const tbody = h("tbody");
  const headCells = columns.map((col, c) => {
    const th = h("th", { scope: "col", dataset: { column: c, kind: col.kind || "" } }, h("span", { class: "th-title" }, col.title));
    if (col.align) th.style.textAlign = col.align;
    sizeColumn(th, col, result.column_autosizing);
    if (interactive) {
      th.classList.add("sortable");
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      const sort = () => {
        state.direction = state.sortColumn === c ? -state.direction : 1;
        state.sortColumn = c;
        for (const other of headCells) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", state.direction > 0 ? "ascending" : "descending");
        draw();
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    }
    return th;
  });
  const indexTitle = result.index_header?.title || "";
  const thead = h("thead", null,
    h("tr", null, hasRowHeader ? h("th", { class: "index-header", scope: "col" }, indexTitle) : null, headCells),
    interactive
      ? h("tr", { class: "filter-row" }, hasRowHeader ? h("th") : null, columns.map((col, c) => {
        const input = h("input", {
          type: "search",
          class: "table-filter",
          placeholder: col.kind === "number" ? "> 0, = 5, …" : "Filter",
          "aria-label": `Filter ${col.title}`,
          dataset: { filterColumn: c },
        });
        input.addEventListener("input", () => {
          state.filters[c] = input.value;
          draw();
        });
        return h("th", null, input);
      }))
      : null);

  function visibleRows() {
    let list = rows.filter((row) => columns.every((col, c) => matches(row.cells[c]?.value, state.filters[c], col.kind)));
    if (state.sortColumn >= 0) {
      const c = state.sortColumn;
      list = [...list].sort((a, b) => state.direction * compare(a.cells[c]?.value, b.cells[c]?.value) || a.index - b.index);
    }
    return list;
  }

  function draw() {
    const list = visibleRows();
    tbody.replaceChildren(...list.map((row) => {
      const header = rowHeaders ? rowHeaders[row.index] : null;
      const th = hasRowHeader
        ? h("th", { scope: "row", class: "row-header" }, header ? header.title : String(row.index + 1))
        : null;
      return h("tr", { dataset: { row: row.index } }, th, columns.map((col, c) => {
        const cell = row.cells[c] || { value: null };
        const td = h("td", { dataset: { column: c } }, formatCell(cell.value, col.kind, header?.num_decimals ?? col.num_decimals));
        styleCell(td, cell, col);
        if (col.kind === "number" && !col.align) td.classList.add("numeric");
        return td;
      }));
    }));
    table.dataset.visibleRows = String(list.length);
  }

  function csv() {
    const lines = [];
    const head = columns.map((col) => col.title);
    lines.push((hasRowHeader ? [indexTitle, ...head] : head).map(csvCell).join(","));
    for (const row of visibleRows()) {
      const values = columns.map((col, c) => formatCell(row.cells[c]?.value, col.kind, col.num_decimals));
      const first = rowHeaders ? rowHeaders[row.index].title : String(row.index + 1);
      lines.push((hasRowHeader ? [first, ...values] : values).map(csvCell).join(","));
    }
    return `${lines.join("\r\n")}\r\n`;
  }

  const download = h("button", { type: "button", class: "btn btn-small", dataset: { tableCsv: "" } }, "Download CSV");
  download.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
    const a = h("a", { href: url, download: "table.csv" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  const table = h("table", {
    class: ["table-view", result.column_autosizing ? "autosize" : null],
    dataset: { sortable: String(interactive) },
  }, thead, tbody);
  draw();
  container.appendChild(h("div", { class: "table-result" }, resultToolbar(download), h("div", { class: "table-scroll" }, table)));
  return {};
}
