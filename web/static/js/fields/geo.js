// GeoPointField, GeoPolylineField, GeoPolygonField (WGS84 degrees): drawn on the editor's map view
// ("Draw on map": click to place a point, click the vertices of a line or polygon, drag to edit), as
// on the platform; typed in as the fallback: a point as latitude and longitude boxes, a line or
// polygon as one "lat, lon" pair per line.

import { h } from "../dom.js";
import { controller, fieldShell, isEmpty } from "./shell.js";

const MIN_POINTS = { GeoPolylineField: 2, GeoPolygonField: 3 };
const KINDS = { GeoPointField: "point", GeoPolylineField: "line", GeoPolygonField: "polygon" };

/** The "Draw on map" button of a geo field: the drawn value goes through `apply(value)`. */
function drawButton(node, ctx, ctl, apply) {
  const button = h("button", {
    type: "button",
    class: "btn btn-small geo-draw-button",
    title: "Draw this on the map view",
    dataset: { geoDraw: node.path },
  }, "Draw on map");
  button.hidden = !ctx.drawOnMap;
  button.addEventListener("click", async () => {
    button.disabled = true;
    ctl.wrapper.dataset.drawing = "true";
    try {
      const outcome = await ctx.drawOnMap({ kind: KINDS[node.type], multi: false, value: ctx.get(ctl.storage), label: node.ui_name });
      if (outcome) apply(outcome.value);
    } finally {
      button.disabled = false;
      delete ctl.wrapper.dataset.drawing;
    }
  });
  return button;
}

export function pointProblem(p) {
  if (!p || typeof p.lat !== "number" || typeof p.lon !== "number" || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) {
    return "Enter a latitude and a longitude";
  }
  if (p.lat < -90 || p.lat > 90) return "Latitude must be within -90 and 90";
  if (p.lon < -180 || p.lon > 180) return "Longitude must be within -180 and 180";
  return null;
}

export function geoPointField(node, ctx) {
  const lat = h("input", { type: "number", step: "any", id: node.path, class: "input", "aria-label": `${node.ui_name} latitude`, dataset: { path: node.path, coord: "lat" } });
  const lon = h("input", { type: "number", step: "any", class: "input", "aria-label": `${node.ui_name} longitude`, dataset: { coord: "lon" } });
  const control = h("div", { class: "geo-control" }, h("div", { class: "geo-point" },
    h("span", { class: "adorn adorn-prefix" }, "lat"), lat, h("span", { class: "adorn adorn-prefix" }, "lon"), lon));
  const { wrapper, error } = fieldShell(node, { control });
  const ctl = controller(node, wrapper, error, [lat, lon]);
  let partial = false;
  control.appendChild(drawButton(node, ctx, ctl, (value) => {
    partial = false;
    lat.value = value ? String(value.lat) : "";
    lon.value = value ? String(value.lon) : "";
    ctx.change(ctl, value);
  }));
  ctl.refresh = () => {
    const value = ctx.get(ctl.storage);
    if (partial || document.activeElement === lat || document.activeElement === lon) return;
    lat.value = value && typeof value.lat === "number" ? String(value.lat) : "";
    lon.value = value && typeof value.lon === "number" ? String(value.lon) : "";
  };
  ctl.validate = () => {
    if (partial) return "Enter both a latitude and a longitude";
    const value = ctx.get(ctl.storage);
    return isEmpty(value) ? null : pointProblem(value);
  };
  const update = () => {
    const a = lat.value.trim();
    const b = lon.value.trim();
    partial = (a === "") !== (b === "") || lat.validity.badInput || lon.validity.badInput;
    if (a === "" && b === "") ctx.change(ctl, null);
    else if (!partial) ctx.change(ctl, { lat: Number(a), lon: Number(b) });
    else ctx.change(ctl, ctx.get(ctl.storage), { badInput: true });
  };
  lat.addEventListener("input", update);
  lon.addEventListener("input", update);
  ctl.refresh();
  return ctl;
}

/** Parse "lat, lon" lines: {points} or {error}. */
export function parsePoints(raw) {
  const points = [];
  const lines = raw.split("\n").map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const parts = line.split(/[,;\s]+/).filter(Boolean);
    const nums = parts.map(Number);
    if (parts.length !== 2 || nums.some((n) => !Number.isFinite(n))) return { error: `Line ${i + 1}: write "latitude, longitude"` };
    const problem = pointProblem({ lat: nums[0], lon: nums[1] });
    if (problem) return { error: `Line ${i + 1}: ${problem}` };
    points.push({ lat: nums[0], lon: nums[1] });
  }
  return { points };
}

export function geoLineField(node, ctx) {
  const min = MIN_POINTS[node.type] ?? 2;
  const input = h("textarea", {
    id: node.path,
    name: node.path,
    class: "input textarea geo-points",
    rows: String(Math.max(3, min)),
    placeholder: "One point per line: latitude, longitude",
    spellcheck: "false",
    dataset: { path: node.path },
  });
  const control = h("div", { class: "geo-control" }, input);
  const { wrapper, error } = fieldShell(node, { control });
  const ctl = controller(node, wrapper, error, [input]);
  let parseError = null;
  const format = (value) => (value && Array.isArray(value.points) ? value.points.map((p) => `${p.lat}, ${p.lon}`).join("\n") : "");
  control.appendChild(drawButton(node, ctx, ctl, (value) => {
    parseError = null;
    input.value = format(value);
    ctx.change(ctl, value);
  }));
  ctl.refresh = () => {
    if (parseError || document.activeElement === input) return;
    const shown = format(ctx.get(ctl.storage));
    if (input.value !== shown) input.value = shown;
  };
  ctl.validate = () => {
    if (parseError) return parseError;
    const value = ctx.get(ctl.storage);
    if (isEmpty(value)) return null;
    const points = Array.isArray(value.points) ? value.points : [];
    if (points.length < min) return `Enter at least ${min} points`;
    return points.map(pointProblem).find(Boolean) || null;
  };
  input.addEventListener("input", () => {
    const parsed = parsePoints(input.value);
    parseError = parsed.error || null;
    if (!parseError && parsed.points.length && parsed.points.length < min) parseError = `Enter at least ${min} points`;
    if (parseError) ctx.change(ctl, ctx.get(ctl.storage), { badInput: true });
    else ctx.change(ctl, parsed.points.length ? { points: parsed.points } : null);
  });
  ctl.refresh();
  return ctl;
}
