// Pages and steps: the input panel with its groups, selecting one, the step navigation and on_next.

import { clear, h, toast } from "./dom.js";
import { entry, scope } from "./dynamic.js";
import { runOnNext } from "./editor_form.js";
import { applyUserViolations } from "./editor_inputs.js";
import { $, els, entityId, invalidFields, root, state } from "./editor_state.js";
import { userInputWidth } from "./editor_split.js";
import { showMessages } from "./editor_view_jobs.js";
import { showViews } from "./editor_views.js";
import { renderItems } from "./form.js";
import { staticOr } from "./params.js";

/** The inputs' share of the editor: the user's own (dragged divider), else the schema's width. */
export function setInputWidth(width) {
  const w = userInputWidth() ?? Math.max(20, Math.min(80, Number(staticOr(width, 40)) || 40));
  els.inputPanel.style.flexBasis = `${w}%`;
  els.inputPanel.dataset.width = String(Math.round(w));
  document.getElementById("split-handle")?.setAttribute("aria-valuenow", String(Math.round(w)));
}

export function enabledSteps() {
  return state.groups.filter((g) => g.enabled !== false);
}

export function selectGroup(group) {
  state.activeGroup = group;
  for (const g of state.groups) {
    const on = g === group;
    g.panel.hidden = !on;
    if (g.button) {
      g.button.classList.toggle("is-active", on);
      g.button.setAttribute("aria-selected", String(on));
      g.button.tabIndex = on ? 0 : -1;
    }
  }
  setInputWidth(staticOr(group.node.width, state.schema.width));
  updateStepNav();
  els.inputPanel.scrollTop = 0;
  root.dataset.activeGroup = group.node.path;
  showViews(Array.isArray(group.node.views) ? group.node.views : []);
}

export function updateStepNav() {
  if (state.schema?.layout !== "steps" || !state.activeGroup) return;
  const steps = enabledSteps();
  const at = steps.indexOf(state.activeGroup);
  state.groups.forEach((g) => {
    const i = steps.indexOf(g);
    g.item.classList.toggle("is-current", g === state.activeGroup);
    g.item.classList.toggle("is-done", i >= 0 && i < at);
    g.item.classList.toggle("is-disabled", i < 0);
    if (g === state.activeGroup) g.item.setAttribute("aria-current", "step");
    else g.item.removeAttribute("aria-current");
  });
  const prev = $("step-prev");
  const next = $("step-next");
  const node = state.activeGroup.node;
  prev.hidden = at <= 0;
  next.hidden = at >= steps.length - 1;
  prev.textContent = node.previous_label || "Previous";
  next.textContent = node.next_label || "Next";
  next.disabled = stepViolations().length > 0;
  next.title = next.disabled ? "Fix the invalid inputs first" : "";
}

/** Invalid fields on the current step (or outside any step); they keep the user on this step. */
export function stepViolations() {
  const others = state.groups.filter((g) => g !== state.activeGroup).map((g) => g.panel);
  return invalidFields().filter((f) => !others.some((panel) => panel.contains(f.wrapper)));
}

export async function moveStep(delta) {
  const steps = enabledSteps();
  const at = steps.indexOf(state.activeGroup);
  const target = steps[at + delta];
  if (!target || root.dataset.stepCheck === "running") return;
  if (delta > 0 && stepViolations().length) {
    toast("Fix the invalid inputs before going to the next step.", "warning");
    return;
  }
  const from = state.activeGroup;
  if (delta > 0 && from.node.on_next) {
    // the step's on_next decides: a UserError keeps the user here, with its input violations
    const next = $("step-next");
    root.dataset.stepCheck = "running";
    next.disabled = true;
    next.classList.add("is-busy");
    const job = await runOnNext(entityId, from.node.name, state.params);
    delete root.dataset.stepCheck;
    next.classList.remove("is-busy");
    updateStepNav();
    showMessages(job.messages);
    if (job.status !== "finished") {
      const error = job.error || { message: "The step check did not finish." };
      applyUserViolations(error.input_violations || (error.problems || []).map((p) => ({ message: p.message, fields: [p.field] })));
      toast(error.message || "You cannot go on yet.", error.kind === "user" ? "warning" : "error");
      return;
    }
    if (state.activeGroup !== from) return;
  }
  applyUserViolations([]);
  selectGroup(target);
}

/** A page whose `visible` constraint is false: its tab disappears (and is left if it was open). */
export function setGroupHidden(group, hidden) {
  if (!group.button || group.button.hidden === hidden) return;
  group.button.hidden = hidden;
  if (hidden && state.activeGroup === group) {
    const first = state.groups.find((g) => !g.button?.hidden);
    if (first) selectGroup(first);
  }
}

/** A step whose `enabled` constraint is false is skipped by previous/next. */
export function setGroupEnabled(group, enabled) {
  if (group.enabled === enabled) return;
  group.enabled = enabled;
  if (group.item) group.item.dataset.enabled = String(enabled);
  updateStepNav();
}

// -- building the editor -------------------------------------------------------------------------

export function buildInputPanel(schema, ctx) {
  const panel = els.inputPanel;
  clear(panel);
  const items = Array.isArray(schema.items) ? schema.items : [];
  const layout = schema.layout;
  const groupKind = layout === "pages" ? "page" : layout === "steps" ? "step" : null;
  const scroll = h("div", { class: "input-scroll" });
  panel.appendChild(scroll);

  if (!groupKind) {
    const form = h("div", { class: "form" });
    form.appendChild(renderItems(items, ctx));
    if (!items.length) form.appendChild(h("p", { class: "muted empty-form" }, "This entity type has no inputs."));
    scroll.appendChild(form);
    return;
  }

  const common = items.filter((n) => n && n.kind !== groupKind);
  const groupNodes = items.filter((n) => n && n.kind === groupKind);
  if (layout === "steps") {
    const list = h("ol", { class: "step-list", "aria-label": "Steps" });
    scroll.appendChild(list);
    state.stepList = list;
  }
  if (common.length) scroll.appendChild(h("div", { class: "form form-common" }, renderItems(common, ctx)));

  for (const node of groupNodes) {
    const panelEl = h("div", {
      class: "form group-panel",
      role: layout === "pages" ? "tabpanel" : null,
      dataset: { [`${groupKind}Panel`]: node.path },
    });
    const group = { node, panel: panelEl, button: null, item: null, enabled: true };
    const own = scope(ctx.scope);
    const target = { dynamicAttrs: ["enabled"], applyAttrs: (attrs) => setGroupEnabled(group, attrs.enabled !== false) };
    ctx.dynamics.push(entry(node, target, ctx.scope, { own, hide: (hidden) => setGroupHidden(group, hidden) }));
    panelEl.appendChild(renderItems(node.items || [], { ...ctx, scope: own }));
    if (!(node.items || []).length) panelEl.appendChild(h("p", { class: "muted empty-form" }, "No inputs on this page."));
    panelEl.hidden = true;
    scroll.appendChild(panelEl);
    const title = staticOr(node.title, node.name);
    if (layout === "pages") {
      group.button = h("button", {
        type: "button",
        role: "tab",
        class: "page-tab",
        "data-tooltip": node.description || null,
        dataset: { page: node.path },
      }, title);
      group.button.addEventListener("click", () => selectGroup(group));
      els.pageBar.appendChild(group.button);
    } else {
      const number = state.groups.length + 1;
      group.item = h("li", {
        class: "step-item",
        "data-tooltip": node.description || null,
        dataset: { step: node.path },
      }, h("span", { class: "step-number" }, String(number)), h("span", { class: "step-title" }, title));
      state.stepList.appendChild(group.item);
    }
    state.groups.push(group);
  }
  if (layout === "pages") els.pageBar.hidden = state.groups.length === 0;
  if (layout === "steps") {
    const prev = h("button", { type: "button", id: "step-prev", class: "btn", dataset: { stepPrev: "" } }, "Previous");
    const next = h("button", { type: "button", id: "step-next", class: "btn btn-primary", dataset: { stepNext: "" } }, "Next");
    prev.addEventListener("click", () => moveStep(-1));
    next.addEventListener("click", () => moveStep(1));
    panel.appendChild(h("div", { class: "step-nav" }, prev, h("span", { class: "spacer" }), next));
  }
}
