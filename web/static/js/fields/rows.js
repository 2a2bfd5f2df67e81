// DynamicArray (rows of fields the user adds, copies and removes) and Table (a grid of cells,
// rows added/removed, a block of cells pasted from a spreadsheet). Both store a list of row
// objects keyed by column name.

import { clear, h } from "../dom.js";
import { clone } from "../params.js";
import { attribute } from "../constraints.js";
import { nested, optionsOf, scope, updateAll } from "../dynamic.js";
import { numberProblem, numberText } from "./numbers.js";
import { controller, fieldShell, isEmpty, toNumber } from "./shell.js";

const rowsOf = (value) => (Array.isArray(value) ? value.filter((r) => r && typeof r === "object") : []);

// -- DynamicArray --------------------------------------------------------------------------------

export function dynamicArray(node, ctx, renderItems) {
  const rowsBox = h("div", { class: "array-rows" });
  const add = h("button", { type: "button", class: "btn btn-small array-add", dataset: { arrayAdd: node.path } }, "+ Add row");
  const empty = h("p", { class: "muted array-empty" }, "No rows.");
  const control = h("div", { class: "array-control" }, rowsBox, empty, add);
  const { wrapper, error } = fieldShell({ ...node, flex: node.flex ?? 100 }, { control, labelFor: null, extraClass: "field-array" });
  const ctl = controller(node, wrapper, error, [add]);
  const rows = () => rowsOf(ctx.get(ctl.storage));
  const columns = (node.items || []).filter((c) => c && typeof c === "object");
  const arrayScope = scope(ctx.scope);
  let rowFields = []; // paths of the row field controllers registered in ctx.fields
  let rowEntries = []; // per row: its dynamic entries
  let rendered = -1;

  const setRows = (next, opts) => {
    ctx.change(ctl, next, opts);
    render();
    ctx.revalidate();
  };
  const render = () => {
    for (const path of rowFields) ctx.fields.delete(path);
    rowFields = [];
    rowEntries = [];
    clear(rowsBox);
    const current = rows();
    rendered = current.length;
    current.forEach((_, i) => {
      const rowScope = scope(arrayScope);
      const entries = [];
      const rowCtx = {
        ...ctx,
        dynamics: entries,
        scope: rowScope,
        get: (key) => rows()[i]?.[key],
        init: (key, value) => {
          const next = clone(rows());
          if (next[i]) next[i][key] = value;
          ctx.init(ctl.storage, next);
        },
        change: (field, value, opts) => {
          field.userError = null;
          const next = clone(rows());
          if (next[i]) next[i] = { ...next[i], [field.storage]: value };
          ctx.change(ctl, next, opts);
        },
      };
      const rowNodes = columns.map((c) => ({ ...c, path: `${node.path}.${i}.${c.name}`, schemaPath: c.path, storage: c.name }));
      const before = new Set(ctx.fields.keys());
      const body = h("div", { class: "array-row-body" }, renderItems(rowNodes, rowCtx));
      for (const path of ctx.fields.keys()) if (!before.has(path)) rowFields.push(path);
      const remove = h("button", { type: "button", class: "icon-button", title: "Remove row", "aria-label": `Remove row ${i + 1}`, dataset: { rowRemove: String(i) } }, "×");
      remove.addEventListener("click", () => setRows(rows().filter((__, j) => j !== i)));
      const copy = h("button", { type: "button", class: "btn btn-small btn-quiet", title: "Duplicate row", "aria-label": `Duplicate row ${i + 1}`, dataset: { rowCopy: String(i) } }, "Copy");
      copy.addEventListener("click", () => {
        const next = clone(rows());
        next.splice(i + 1, 0, clone(next[i]));
        setRows(next);
      });
      const title = node.row_label ? `${node.row_label} ${i + 1}` : `Row ${i + 1}`;
      rowsBox.appendChild(h("div", { class: "array-row", dataset: { row: String(i) } },
        h("div", { class: "array-row-header" }, h("span", { class: "array-row-title" }, title), h("span", { class: "spacer" }), copy, remove),
        body));
      rowEntries.push(entries);
    });
    empty.hidden = current.length > 0;
    ctl.applyLimits();
  };

  ctl.dynamicAttrs = ["min", "max"];
  ctl.attrs = { min: toNumber(node.min), max: toNumber(node.max) };
  ctl.applyLimits = () => {
    const count = rows().length;
    add.disabled = ctl.attrs.max !== null && count >= ctl.attrs.max;
    for (const b of rowsBox.querySelectorAll("[data-row-remove]")) b.disabled = ctl.attrs.min !== null && count <= ctl.attrs.min;
    for (const b of rowsBox.querySelectorAll("[data-row-copy]")) b.disabled = add.disabled;
  };
  ctl.applyAttrs = (attrs) => {
    ctl.attrs = { min: toNumber(attrs.min), max: toNumber(attrs.max) };
    ctl.applyLimits();
  };
  ctl.validate = () => {
    const count = rows().length;
    if (ctl.attrs.min !== null && count < ctl.attrs.min) return `Add at least ${ctl.attrs.min} row${ctl.attrs.min === 1 ? "" : "s"}`;
    if (ctl.attrs.max !== null && count > ctl.attrs.max) return `At most ${ctl.attrs.max} row${ctl.attrs.max === 1 ? "" : "s"} allowed`;
    return null;
  };
  ctl.refresh = () => {
    if (rows().length !== rendered) render();
    else for (const path of rowFields) ctx.fields.get(path)?.refresh();
  };
  add.addEventListener("click", () => {
    const current = rows();
    const template = node.copylast && current.length ? current[current.length - 1] : node.row_template || {};
    setRows([...clone(current), clone(template)]);
  });
  // the rows' own constraints, evaluated with each row as the RowLookup context
  ctx.dynamics.push(nested((env) => rows().forEach((row, i) => {
    if (rowEntries[i]) updateAll(rowEntries[i], { ...env, row, rowIndex: i });
  })));
  ctl.scope = arrayScope;
  render();
  return ctl;
}

// -- Table ---------------------------------------------------------------------------------------

const TRUE_WORDS = new Set(["true", "1", "yes", "y", "ja", "x", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "n", "nee", "", "off"]);

/** A pasted or typed cell text as a column value: {value} or {error}; `options` of its row, if a choice. */
export function parseCell(column, raw, options = column.options) {
  const textValue = String(raw ?? "").trim();
  switch (column.type) {
    case "NumberField":
    case "IntegerField": {
      if (textValue === "") return { value: null };
      const value = Number(textValue.replace(/\s/g, "").replace(/,(?=\d+$)/, "."));
      if (!Number.isFinite(value)) return { error: `"${textValue}" is not a number` };
      if (column.type === "IntegerField" && !Number.isInteger(value)) return { error: `"${textValue}" is not a whole number` };
      return { value };
    }
    case "BooleanField": {
      const word = textValue.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { error: `"${textValue}" is not yes/no` };
    }
    case "OptionField":
    case "AutocompleteField": {
      if (textValue === "") return { value: null };
      if (!Array.isArray(options)) return { error: "the options are still being computed" };
      const found = options.find((o) => String(o.value) === textValue)
        || options.find((o) => String(o.label ?? o.value).toLowerCase() === textValue.toLowerCase());
      return found ? { value: found.value } : { error: `"${textValue}" is not one of the options` };
    }
    default:
      return { value: String(raw ?? "") };
  }
}

const CHOICE = new Set(["OptionField", "AutocompleteField"]);

/** The problem with a cell's value against its row's options and limits ({options, min, max}), or null. */
function cellProblem(column, value, cell) {
  if (isEmpty(value)) return null;
  if (column.type === "NumberField" || column.type === "IntegerField") {
    return numberProblem(value, { isInt: column.type === "IntegerField", min: toNumber(cell.min), max: toNumber(cell.max) });
  }
  if (CHOICE.has(column.type) && Array.isArray(cell.options)) {
    return cell.options.some((o) => o.value === value) ? null : "Not one of the options";
  }
  return null;
}

/**
 * A column's attributes for one row (RowLookup and per-row callback results see that row):
 * {options (null while a callback computes them), min, max}; and the column's own visibility.
 */
function columnAttrs(column, rows, env) {
  const path = column.path || column.name;
  const visible = attribute(column.visible, "visible", path, env) !== false;
  const cells = rows.map((row, i) => {
    const rowEnv = { ...env, row, rowIndex: i };
    return {
      options: CHOICE.has(column.type) ? optionsOf(column, path, rowEnv) : undefined,
      min: attribute(column.min, "min", path, rowEnv),
      max: attribute(column.max, "max", path, rowEnv),
    };
  });
  return { visible, cells };
}

export function tableField(node, ctx) {
  const columns = (node.items || []).filter((c) => c && c.kind === "field");
  const thead = h("thead");
  const tbody = h("tbody");
  const table = h("table", { class: "param-table", dataset: { table: node.path } }, thead, tbody);
  const add = h("button", { type: "button", class: "btn btn-small array-add", dataset: { tableAdd: node.path } }, "+ Add row");
  const hint = h("span", { class: "muted table-hint" }, "Paste a block of cells from a spreadsheet into any cell.");
  const control = h("div", { class: "table-control" }, h("div", { class: "table-scroll" }, table), h("div", { class: "table-actions" }, add, hint));
  const { wrapper, error } = fieldShell({ ...node, flex: node.flex ?? 100 }, { control, labelFor: null, extraClass: "field-table" });
  const ctl = controller(node, wrapper, error, [add]);
  const rows = () => rowsOf(ctx.get(ctl.storage));
  const badCells = new Map(); // "row:col" -> message, for text that could not be read
  const emptyRow = () => ({ ...(node.row_template || Object.fromEntries(columns.map((c) => [c.name, c.empty ?? null]))) });
  // per column: {visible, cells: [{options, min, max} per row]}, from its constraints and callbacks
  let attrs = new Map();
  let attrsKey = null;
  const NO_ATTRS = { options: undefined, min: null, max: null };
  const cellOf = (column, r) => {
    const a = attrs.get(column.name);
    if (!a) return { ...NO_ATTRS, options: CHOICE.has(column.type) && Array.isArray(column.options) ? column.options : null };
    return a.cells[r] || { ...NO_ATTRS, options: CHOICE.has(column.type) ? null : undefined };
  };
  const shown = () => columns.filter((c) => attrs.get(c.name)?.visible !== false);

  const cellInput = (column, r, c) => {
    const id = `${node.path}.${r}.${column.name}`;
    const common = { id, "aria-label": `${column.ui_name || column.name}, row ${r + 1}`, dataset: { cell: `${r}:${c}` } };
    let input;
    if (column.type === "BooleanField") {
      input = h("input", { type: "checkbox", ...common });
      input.addEventListener("change", () => setCell(r, column, input.checked));
    } else if (column.type === "OptionField") {
      const options = cellOf(column, r).options;
      input = h("select", { class: "cell-input", ...common },
        h("option", { value: "" }, options === null ? "Loading options…" : ""),
        (options || []).map((o, i) => h("option", { value: String(i) }, String(o.label ?? o.value))));
      input.disabled = options === null;
      input.addEventListener("change", () => {
        const chosen = cellOf(column, r).options || [];
        setCell(r, column, input.value === "" ? null : chosen[Number(input.value)]?.value ?? null);
      });
    } else {
      input = h("input", { type: "text", class: "cell-input", autocomplete: "off", inputmode: column.type === "TextField" ? null : "decimal", ...common });
      if (column.type === "AutocompleteField") input.setAttribute("list", `${id}--options`);
      input.addEventListener("input", () => {
        const parsed = parseCell(column, input.value, cellOf(column, r).options);
        const key = `${r}:${column.name}`;
        if (parsed.error) badCells.set(key, parsed.error);
        else badCells.delete(key);
        setCell(r, column, parsed.error ? rows()[r]?.[column.name] ?? null : parsed.value, { badInput: Boolean(parsed.error) });
      });
    }
    input.addEventListener("paste", (event) => {
      const data = event.clipboardData?.getData("text/plain") ?? "";
      if (!data.includes("\t") && !data.includes("\n")) return; // one value: let the cell take it
      event.preventDefault();
      paste(r, c, data);
    });
    return input;
  };

  const showCell = (input, column, value, r) => {
    if (column.type === "BooleanField") input.checked = value === true;
    else if (column.type === "OptionField") {
      const i = (cellOf(column, r).options || []).findIndex((o) => o.value === value);
      input.value = i >= 0 ? String(i) : "";
    } else if (column.type === "AutocompleteField") {
      const found = (cellOf(column, r).options || []).find((o) => o.value === value);
      if (document.activeElement !== input) input.value = found ? String(found.label ?? found.value) : (value ?? "");
    } else if (document.activeElement !== input) {
      input.value = column.type === "NumberField" || column.type === "IntegerField" ? numberText(value, column.num_decimals) : (value ?? "");
    }
  };

  const render = () => {
    const visibleColumns = shown();
    clear(thead).appendChild(h("tr", null, h("th", { class: "row-number", scope: "col" }, "#"),
      visibleColumns.map((c) => h("th", { scope: "col", title: c.description || null, dataset: { column: c.name } }, c.ui_name || c.name, c.suffix ? ` [${c.suffix}]` : "")),
      h("th", { class: "row-actions", "aria-label": "Actions" })));
    clear(tbody);
    rows().forEach((row, r) => {
      const tr = h("tr", { dataset: { row: String(r) } }, h("th", { class: "row-number", scope: "row" }, String(r + 1)));
      visibleColumns.forEach((column) => {
        const c = columns.indexOf(column);
        const input = cellInput(column, r, c);
        const td = h("td", { dataset: { column: column.name } }, input);
        if (column.type === "AutocompleteField") {
          const list = h("datalist", { id: `${input.id}--options` },
            (cellOf(column, r).options || []).map((o) => h("option", { value: String(o.label ?? o.value) })));
          td.appendChild(list);
        }
        showCell(input, column, row[column.name], r);
        const problem = badCells.get(`${r}:${column.name}`) || cellProblem(column, row[column.name], cellOf(column, r));
        td.classList.toggle("is-invalid", Boolean(problem));
        if (problem) td.title = problem;
        tr.appendChild(td);
      });
      const remove = h("button", { type: "button", class: "icon-button", title: "Remove row", "aria-label": `Remove row ${r + 1}`, dataset: { rowRemove: String(r) } }, "×");
      remove.addEventListener("click", () => {
        badCells.clear();
        ctx.change(ctl, rows().filter((_, j) => j !== r));
        render();
        ctx.revalidate();
      });
      tr.appendChild(h("td", { class: "row-actions" }, remove));
      tbody.appendChild(tr);
    });
  };

  const setCell = (r, column, value, opts) => {
    const next = clone(rows());
    if (!next[r]) return;
    next[r][column.name] = value;
    ctx.change(ctl, next, opts);
    const td = tbody.querySelector(`tr[data-row="${r}"] td[data-column="${CSS.escape(column.name)}"]`);
    const problem = badCells.get(`${r}:${column.name}`) || cellProblem(column, value, cellOf(column, r));
    if (td) {
      td.classList.toggle("is-invalid", Boolean(problem));
      td.title = problem || "";
    }
  };

  const paste = (r0, c0, data) => {
    const lines = data.replace(/\r/g, "").split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    const next = clone(rows());
    lines.forEach((line, dr) => {
      const r = r0 + dr;
      while (next.length <= r) next.push(emptyRow());
      line.split("\t").forEach((cell, dc) => {
        const column = columns[c0 + dc];
        if (!column) return;
        const parsed = parseCell(column, cell, cellOf(column, Math.min(r, rows().length - 1)).options);
        const key = `${r}:${column.name}`;
        if (parsed.error) badCells.set(key, parsed.error);
        else {
          badCells.delete(key);
          next[r][column.name] = parsed.value;
        }
      });
    });
    ctx.change(ctl, next);
    render();
    ctx.revalidate();
  };

  ctl.validate = () => {
    if (badCells.size) return `Fix the highlighted cells (${badCells.values().next().value})`;
    for (const [r, row] of rows().entries()) {
      for (const column of shown()) {
        const problem = cellProblem(column, row[column.name], cellOf(column, r));
        if (problem) return `Row ${r + 1}, ${column.ui_name || column.name}: ${problem}`;
      }
    }
    return null;
  };
  ctl.refresh = render;
  add.addEventListener("click", () => {
    ctx.change(ctl, [...clone(rows()), emptyRow()]);
    render();
    ctx.revalidate();
  });
  // the columns' constraints and callbacks (options, visible, min, max), per row where they differ
  ctx.dynamics.push(nested((env) => {
    const current = rows();
    const next = new Map(columns.map((c) => [c.name, columnAttrs(c, current, env)]));
    const key = JSON.stringify([...next]);
    if (key === attrsKey) return;
    attrsKey = key;
    attrs = next;
    renderKeepingFocus();
  }));
  /** Redraw the grid; the cell being typed in keeps the focus and the caret. */
  function renderKeepingFocus() {
    const focused = document.activeElement;
    const id = focused?.id;
    const caret = focused && "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null;
    render();
    const again = id ? document.getElementById(id) : null;
    if (again) {
      again.focus();
      if (caret && again.setSelectionRange && typeof caret[0] === "number") {
        try {
          again.setSelectionRange(caret[0], caret[1]);
        } catch {
          // not a text input
        }
      }
    }
  }
  render();
  return ctl;
}
