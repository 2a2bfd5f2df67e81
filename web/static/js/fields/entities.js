// Entity fields: pick one or several entities of the app; params hold their ids.
// Candidates come from GET /api/entities, narrowed by entity_type_names and by the relation
// (child / sibling of the entity being edited). A picked entity that was deleted stays picked.

import { api } from "../api.js";
import { clear, h } from "../dom.js";
import { adorned, controller, fieldShell } from "./shell.js";

const MAX_LISTED = 5000;
let all = null;

function entities() {
  if (!all) all = api("GET", "/api/entities").catch((err) => { all = null; throw err; });
  return all;
}

function candidates(list, node, me) {
  const types = Array.isArray(node.entity_type_names) ? new Set(node.entity_type_names) : null;
  return list.filter((e) => {
    if (types && !types.has(e.entity_type)) return false;
    if (node.relation === "child") return me && e.parent_id === me.id;
    if (node.relation === "sibling") return me && e.id !== me.id && (e.parent_id ?? null) === (me.parent_id ?? null);
    return true;
  }).slice(0, MAX_LISTED);
}

export function entityField(node, ctx) {
  const multiple = Boolean(node.multiple);
  const control = multiple
    ? h("div", { class: "checkbox-list", role: "group", id: node.path, "aria-labelledby": `${node.path}--label`, dataset: { path: node.path } })
    : h("select", { id: node.path, name: node.path, class: "input select", dataset: { path: node.path } });
  const { wrapper, error } = fieldShell(node, { control: multiple ? control : adorned(control, node), labelFor: multiple ? null : node.path });
  const ctl = controller(node, wrapper, error, multiple ? [] : [control]);
  let listed = null; // null while loading
  const ids = () => {
    const v = ctx.get(ctl.storage);
    if (multiple) return Array.isArray(v) ? v : [];
    return v === null || v === undefined ? [] : [v];
  };

  const draw = () => {
    clear(control);
    const known = new Set((listed || []).map((e) => e.id));
    const extra = ids().filter((id) => !known.has(id)).map((id) => ({ id, name: `Entity #${id} (not found)`, missing: true }));
    const shown = [...(listed || []), ...extra];
    if (multiple) {
      ctl.inputs = shown.map((e) => {
        const c = h("input", { type: "checkbox", id: `${node.path}--${e.id}`, dataset: { entityId: e.id } });
        c.addEventListener("change", () => {
          const chosen = ctl.inputs.filter((b) => b.checked).map((b) => Number(b.dataset.entityId));
          ctx.change(ctl, chosen);
        });
        control.appendChild(h("label", { class: "checkbox", for: c.id }, c, h("span", null, e.name)));
        return c;
      });
      if (!shown.length) control.appendChild(h("span", { class: "muted" }, listed === null ? "Loading entities…" : "No entities to pick"));
    } else {
      control.appendChild(h("option", { value: "" }, listed === null ? "Loading entities…" : (listed.length ? "Select an entity" : "No entities to pick")));
      for (const e of shown) control.appendChild(h("option", { value: String(e.id) }, e.name));
    }
    ctl.refresh();
  };
  ctl.refresh = () => {
    const chosen = new Set(ids());
    if (multiple) for (const c of ctl.inputs) c.checked = chosen.has(Number(c.dataset.entityId));
    else control.value = chosen.size ? String([...chosen][0]) : "";
  };
  if (!multiple) {
    control.addEventListener("change", () => ctx.change(ctl, control.value === "" ? null : Number(control.value)));
  }
  draw();
  entities().then((list) => {
    listed = candidates(list, node, ctx.entity);
    draw();
  }).catch((err) => {
    listed = [];
    draw();
    error.hidden = false;
    error.textContent = `Cannot list the entities: ${err.message}`;
  });
  return ctl;
}
