// Picking named objects in the 3D view for GeometrySelectField and GeometryMultiSelectField: a click
// (not a drag) casts a ray into the model and toggles the named object it hits, which is highlighted.
// One object for a single select (the click ends it); min_select..max_select for a multi select,
// confirmed in a banner. The state is in the DOM too: data-picked (the names) and data-pick-points
// (for each name, a point of the canvas where a click hits it).

import { h } from "../dom.js";

const HIGHLIGHT = 0xff7a00;
const CLICK_SLOP_PX = 5;

/** The app's name of a node: the glTF's own (three.js sanitises obj.name); "#n" and unnamed nodes have none. */
export function nameOf(obj) {
  const name = obj.userData?.name ?? obj.name;
  return name && !String(name).startsWith("#") ? String(name) : null;
}

/** The nearest named node at or above `obj`, inside `model`. */
function namedAncestor(obj, model) {
  for (let o = obj; o && o !== model; o = o.parent) {
    if (nameOf(o)) return o;
  }
  return null;
}

export function selectionRule(request) {
  if (!request.multi) return { low: 1, high: 1, text: "an object" };
  const low = Number.isInteger(request.min) ? request.min : 1;
  const high = Number.isInteger(request.max) ? request.max : null;
  const range = high === null ? `at least ${low}` : low === high ? `${low}` : `${low} to ${high}`;
  return { low, high, text: `${range} object${high === 1 ? "" : "s"}` };
}

/**
 * Picking mode. parts: {THREE, model, el, stage, canvas, camera(), request, requestRender, onRender(fn)};
 * request: {multi, min, max, current: [names], label}. Calls done(names) (done(null) when cancelled);
 * returns a function that ends the mode (with null) from outside.
 */
export function pickObjects(parts, done) {
  const { THREE, model, el, stage, canvas, request, requestRender } = parts;
  const byName = new Map();
  model.traverse((obj) => {
    if (obj !== model && nameOf(obj) && !byName.has(nameOf(obj))) byName.set(nameOf(obj), obj);
  });
  const rule = selectionRule(request);
  const chosen = new Set((request.current || []).filter((n) => byName.has(n)));
  const originals = new Map(); // mesh -> its own material, while highlighted

  const highlight = (node, on) => {
    node.traverse((mesh) => {
      if (!mesh.isMesh) return;
      if (on && !originals.has(mesh)) {
        originals.set(mesh, mesh.material);
        mesh.material = [].concat(mesh.material).map((m) => {
          const copy = m.clone();
          if (copy.emissive) copy.emissive.setHex(HIGHLIGHT);
          if (copy.color) copy.color.lerp(new THREE.Color(HIGHLIGHT), 0.5);
          return copy;
        });
        if (mesh.material.length === 1) mesh.material = mesh.material[0];
      } else if (!on && originals.has(mesh)) {
        for (const m of [].concat(mesh.material)) m.dispose();
        mesh.material = originals.get(mesh);
        originals.delete(mesh);
      }
    });
  };

  const count = h("span", { class: "map-select-count" });
  const confirm = h("button", { type: "button", class: "btn btn-primary btn-small", dataset: { pickConfirm: "" } }, "Confirm");
  const cancel = h("button", { type: "button", class: "btn btn-small", dataset: { pickCancel: "" } }, "Cancel");
  confirm.hidden = !request.multi; // a single select ends with its click
  const banner = h("div", { class: "map-select-banner geometry-pick-banner", role: "status" },
    h("span", null, request.label ? h("strong", null, `${request.label}: `) : null, `click ${rule.text} in the model.`),
    count, cancel, confirm);
  el.prepend(banner);
  el.dataset.picking = request.multi ? "multi" : "single";

  const show = () => {
    const names = [...chosen];
    el.dataset.picked = JSON.stringify(names);
    count.textContent = request.multi ? `${names.length} selected` : "";
    const tooFew = names.length < rule.low;
    const tooMany = rule.high !== null && names.length > rule.high;
    confirm.disabled = tooFew || tooMany;
    confirm.title = tooFew ? `Select at least ${rule.low}` : tooMany ? `Select at most ${rule.high}` : "";
    for (const [name, node] of byName) highlight(node, chosen.has(name));
    requestRender();
  };

  const raycaster = new THREE.Raycaster();
  const hitAt = (x, y) => { // canvas pixels -> the named node hit there, or null
    const ndc = new THREE.Vector2((x / canvas.clientWidth) * 2 - 1, -(y / canvas.clientHeight) * 2 + 1);
    raycaster.setFromCamera(ndc, parts.camera());
    for (const hit of raycaster.intersectObject(model, true)) {
      if (!hit.object.visible) continue;
      const node = namedAncestor(hit.object, model);
      if (node) return node;
    }
    return null;
  };

  /** For each name, a canvas point where a click hits that object (its box's centre, or a point near it). */
  const pickPoints = () => {
    const points = {};
    const box = new THREE.Box3();
    const w = canvas.clientWidth;
    const hgt = canvas.clientHeight;
    for (const [name, node] of byName) {
      box.setFromObject(node);
      if (box.isEmpty()) continue;
      const c = box.getCenter(new THREE.Vector3());
      const candidates = [c];
      for (const f of [0.5, 0.25]) {
        for (const corner of [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]]) {
          const p = new THREE.Vector3(corner[0] ? box.max.x : box.min.x, corner[1] ? box.max.y : box.min.y, corner[2] ? box.max.z : box.min.z);
          candidates.push(c.clone().lerp(p, f));
        }
      }
      for (const p of candidates) {
        const s = p.clone().project(parts.camera());
        const x = ((s.x + 1) / 2) * w;
        const y = ((1 - s.y) / 2) * hgt;
        if (x < 0 || y < 0 || x > w || y > hgt || s.z > 1) continue;
        if (hitAt(x, y) === node) {
          points[name] = [Math.round(x), Math.round(y)];
          break;
        }
      }
    }
    el.dataset.pickPoints = JSON.stringify(points);
  };
  parts.onRender(pickPoints);

  let down = null;
  const onDown = (event) => {
    down = [event.clientX, event.clientY];
  };
  const onUp = (event) => {
    if (!down || Math.hypot(event.clientX - down[0], event.clientY - down[1]) > CLICK_SLOP_PX) return; // a drag turns the camera
    down = null;
    const rect = canvas.getBoundingClientRect();
    const node = hitAt(event.clientX - rect.left, event.clientY - rect.top);
    if (!node) return;
    const name = nameOf(node);
    if (!request.multi) {
      chosen.clear();
      chosen.add(name);
      show();
      end([name]);
      return;
    }
    if (chosen.has(name)) chosen.delete(name);
    else if (rule.high === null || chosen.size < rule.high) chosen.add(name);
    show();
  };
  canvas.addEventListener("pointerdown", onDown);
  canvas.addEventListener("pointerup", onUp);
  stage.classList.add("is-picking");
  show();

  let ended = false;
  const end = (names) => {
    if (ended) return;
    ended = true;
    canvas.removeEventListener("pointerdown", onDown);
    canvas.removeEventListener("pointerup", onUp);
    stage.classList.remove("is-picking");
    for (const node of byName.values()) highlight(node, false);
    banner.remove();
    delete el.dataset.picking;
    delete el.dataset.pickPoints;
    requestRender();
    done(names);
  };
  confirm.addEventListener("click", () => end([...chosen]));
  cancel.addEventListener("click", () => end(null));
  return end;
}
