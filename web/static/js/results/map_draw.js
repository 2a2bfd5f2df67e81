// Drawing a geo field's value on a map view, as on the platform: click to place a point, click the
// vertices of a line or polygon, drag markers and vertices to edit them. leaflet-geoman (vendored)
// does the drawing and editing; a banner says what to do and ends it (Done, Clear, Cancel).

import { h } from "../dom.js";

const SHAPES = { point: "Marker", line: "Line", polygon: "Polygon" };
const MIN_POINTS = { point: 1, line: 2, polygon: 3 };
const STYLE = { color: "#e8590c", weight: 3, fillOpacity: 0.2 };
const HINTS = {
  point: "Click on the map to place the point; drag it to move it.",
  line: "Click on the map to add points; click the last point (or Done) to finish. Drag a point to move it.",
  polygon: "Click on the map to add corners; click the first corner (or Done) to close. Drag a corner to move it.",
};

const round = (x) => Math.round(x * 1e7) / 1e7;
const toPoint = (latlng) => {
  const p = latlng.wrap();
  return { lat: round(p.lat), lon: round(p.lng) };
};

/** The value a field stores, for the shapes drawn: a point, {points}, or a list of them (multi). */
function valueOf(kind, layers, multi) {
  const one = (layer) => {
    if (kind === "point") return toPoint(layer.getLatLng());
    const latlngs = layer.getLatLngs();
    const ring = kind === "polygon" ? latlngs[0] : latlngs;
    return { points: ring.map(toPoint) };
  };
  const values = layers.map(one);
  return multi ? values : (values[0] ?? null);
}

function layerFor(L, kind, value) {
  if (kind === "point") {
    return value && Number.isFinite(value.lat) && Number.isFinite(value.lon) ? L.marker([value.lat, value.lon]) : null;
  }
  const points = Array.isArray(value?.points) ? value.points.filter((p) => Number.isFinite(p?.lat) && Number.isFinite(p?.lon)) : [];
  if (points.length < MIN_POINTS[kind]) return null;
  const latlngs = points.map((p) => [p.lat, p.lon]);
  return kind === "polygon" ? L.polygon(latlngs, STYLE) : L.polyline(latlngs, STYLE);
}

/**
 * Draw mode for request {kind: point|line|polygon, multi, value, label}. Calls done({value}) on Done
 * (value null when nothing is drawn), done(null) on Cancel; returns a function that ends the mode
 * (with null) from outside.
 */
export function drawOnMap(L, map, el, request, done) {
  const { kind, multi = false } = request;
  const shape = SHAPES[kind];
  const group = L.featureGroup().addTo(map);
  const edit = (layer) => {
    layer.pm.enable({ allowSelfIntersection: true, draggable: kind === "point" });
    layer.on("pm:edit pm:dragend pm:markerdragend", refresh);
  };
  for (const value of multi ? (Array.isArray(request.value) ? request.value : []) : [request.value]) {
    const layer = layerFor(L, kind, value);
    if (layer) {
      group.addLayer(layer);
      edit(layer);
    }
  }
  const layers = () => group.getLayers();
  const count = h("span", { class: "map-select-count" });
  const clearButton = h("button", { type: "button", class: "btn btn-small", dataset: { drawClear: "" } }, "Clear");
  const cancel = h("button", { type: "button", class: "btn btn-small", dataset: { drawCancel: "" } }, "Cancel");
  const finish = h("button", { type: "button", class: "btn btn-primary btn-small", dataset: { drawDone: "" } }, "Done");
  const banner = h("div", { class: "map-select-banner map-draw-banner", role: "status" },
    h("span", null, request.label ? h("strong", null, `${request.label}: `) : null, HINTS[kind]), count, clearButton, cancel, finish);
  L.DomEvent.disableClickPropagation(banner);
  el.prepend(banner);
  el.dataset.drawing = kind;

  const startDraw = () => {
    if (!multi && layers().length) return;
    map.pm.enableDraw(shape, {
      continueDrawing: false,
      snappable: false,
      allowSelfIntersection: true,
      templineStyle: STYLE,
      hintlineStyle: { ...STYLE, dashArray: "5 5" },
      pathOptions: STYLE,
    });
  };
  function refresh() {
    const drawn = layers().length;
    count.textContent = multi ? `${drawn} drawn` : "";
    el.dataset.drawnCount = String(drawn);
  }
  const onCreate = (event) => {
    const layer = event.layer;
    map.removeLayer(layer);
    if (!multi) group.clearLayers();
    group.addLayer(layer);
    edit(layer);
    refresh();
    startDraw(); // the next shape of a multi field; nothing more for a single one
  };
  // A single point moves where the map is clicked (it is also dragged).
  const onClick = (event) => {
    if (kind !== "point" || multi || map.pm.Draw.getActiveShape()) return;
    const marker = layers()[0];
    if (marker) {
      marker.setLatLng(event.latlng);
      refresh();
    }
  };
  map.on("pm:create", onCreate);
  map.on("click", onClick);
  startDraw();
  refresh();

  let ended = false;
  const end = (outcome) => {
    if (ended) return;
    ended = true;
    map.off("pm:create", onCreate);
    map.off("click", onClick);
    map.pm.disableDraw();
    for (const layer of layers()) layer.pm.disable();
    group.remove();
    banner.remove();
    delete el.dataset.drawing;
    delete el.dataset.drawnCount;
    done(outcome);
  };
  /** A shape being drawn, with enough points, is finished (as if its last point were clicked). */
  const finishActive = () => {
    const active = map.pm.Draw.getActiveShape();
    const instance = active ? map.pm.Draw[active] : null;
    const drawing = instance?._layer?.getLatLngs?.() || [];
    if (active && active !== "Marker" && drawing.length >= MIN_POINTS[kind]) instance._finishShape();
  };
  finish.addEventListener("click", () => {
    finishActive();
    end({ value: valueOf(kind, layers(), multi) });
  });
  cancel.addEventListener("click", () => end(null));
  clearButton.addEventListener("click", () => {
    map.pm.disableDraw();
    group.clearLayers();
    refresh();
    startDraw();
  });
  return end;
}
