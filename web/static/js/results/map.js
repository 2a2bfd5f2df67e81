// MapResult and GeoJSONResult: features drawn with Leaflet (vendored) on the offline world base map,
// under a configured tile layer if there is one (map_base.js). A geo field draws its value here
// (map_draw.js, with leaflet-geoman) and a MapSelectInteraction picks features here.

import { h } from "../dom.js";
import { loadScript, loadStylesheet, safeHttpUrl } from "./common.js";
import { addTiles, addWorldLayer, TILE_KEY, tileUrl } from "./map_base.js";
import { drawOnMap } from "./map_draw.js";

// Leaflet's UMD build (a global L that leaflet-geoman extends), then leaflet-geoman, which hooks every
// map created after it loaded.
const LEAFLET = "/static/vendor/leaflet/leaflet-src.js";
const GEOMAN = "/static/vendor/geoman/leaflet-geoman.js";

async function leaflet() {
  loadStylesheet("/static/vendor/leaflet/leaflet.css");
  loadStylesheet("/static/vendor/geoman/leaflet-geoman.css");
  await loadScript(LEAFLET);
  await loadScript(GEOMAN);
  return window.L;
}
const SIZES = { small: 20, medium: 28, large: 36 };
const GLYPHS = {
  star: "★", cross: "✕", plus: "+", "plus-thick": "+", minus: "−", "minus-circle": "−", "minus-circle-filled": "−",
  "plus-circle": "+", "plus-circle-filled": "+", warning: "!", "warning-filled": "!", "exclamation-circle": "!",
  "exclamation-circle-filled": "!", "question-circle": "?", "question-circle-filled": "?", diamond: "◆",
  "diamond-horizontal": "◆", square: "■", "square-filled": "■", triangle: "▲", "triangle-filled": "▲",
  "triangle-down": "▼", "triangle-down-filled": "▼", "triangle-left": "◀", "triangle-left-filled": "◀",
  "triangle-right": "▶", "triangle-right-filled": "▶", circle: "●", "circle-filled": "●", message: "✉",
  "arrow-up": "↑", "arrow-down": "↓", "arrow-left": "←", "arrow-right": "→", "chevron-up": "⌃",
  "chevron-down": "⌄", "chevron-left": "‹", "chevron-right": "›", drop: "💧", wye: "Y", viktor: "V",
};
const COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

const color = (value, fallback) => (typeof value === "string" && COLOR.test(value) ? value : fallback);
const num = (value, fallback) => (Number.isFinite(Number(value)) && value !== null ? Number(value) : fallback);

function popupContent(properties, featureId) {
  const links = Array.isArray(properties.entity_links) ? properties.entity_links : [];
  const parts = [
    properties.title ? h("strong", { class: "map-popup-title" }, String(properties.title)) : null,
    properties.description ? h("p", { class: "map-popup-description" }, String(properties.description)) : null,
    links.length
      ? h("ul", { class: "map-popup-links" }, links.filter((l) => Number.isInteger(l.entity_id)).map((l) => h("li", null,
        h("a", { href: `/entities/${l.entity_id}` }, String(l.label || `Entity ${l.entity_id}`)))))
      : null,
  ].filter(Boolean);
  if (!parts.length) return null;
  return h("div", { class: "map-popup", dataset: { featureId: featureId ?? null } }, parts);
}

function markerIcon(L, properties, featureId) {
  const name = String(properties.icon || "pin");
  const size = SIZES[properties["marker-size"]] || SIZES.medium;
  const fill = color(properties["marker-color"], "#1204ff");
  const glyph = GLYPHS[name];
  const el = h("div", {
    class: ["map-marker", glyph ? "map-marker-glyph" : "map-marker-pin"],
    dataset: { icon: name, featureId: featureId ?? null, featureTitle: properties.title ?? null },
  }, glyph ? h("span", null, glyph) : null);
  el.style.setProperty("--marker-color", fill);
  el.style.width = `${size}px`;
  el.style.height = `${size}px`;
  return L.divIcon({
    html: el,
    className: "map-marker-wrapper",
    iconSize: [size, size],
    iconAnchor: glyph ? [size / 2, size / 2] : [size / 2, size],
    popupAnchor: [0, glyph ? -size / 2 : -size],
  });
}

function styleOf(feature) {
  const p = feature?.properties || {};
  const dash = Array.isArray(p["dash-array"]) ? p["dash-array"].map(Number).filter(Number.isFinite).join(" ") : null;
  return {
    color: color(p.stroke, "#1204ff"),
    fillColor: color(p.fill, color(p.stroke, "#1204ff")),
    opacity: num(p["stroke-opacity"], 1),
    fillOpacity: num(p["fill-opacity"], 0.3),
    weight: num(p["stroke-width"], 3),
    dashArray: dash || null,
    className: "map-feature",
  };
}

export async function mountMap(container, result) {
  const L = await leaflet();
  const stage = h("div", { class: "map-stage" });
  const el = h("div", { class: "map-view" }, stage);
  container.appendChild(el);
  const map = L.map(stage, { attributionControl: false, zoomSnap: 0.25, worldCopyJump: true });
  // the base map must not hold up the features: it is drawn when its data arrives
  addWorldLayer(L, map, el);
  addTiles(L, map, el);

  let featureCount = 0;
  const byId = new Map(); // feature identifier -> its layer: what an interaction can select
  const layer = L.geoJSON(result.geojson || { type: "FeatureCollection", features: [] }, {
    style: styleOf,
    pointToLayer: (feature, latlng) => L.marker(latlng, { icon: markerIcon(L, feature.properties || {}, feature.id) }),
    onEachFeature: (feature, featureLayer) => {
      featureCount += 1;
      if (feature.id !== undefined && feature.id !== null) byId.set(String(feature.id), featureLayer);
      const content = popupContent(feature.properties || {}, feature.id);
      if (content) featureLayer.bindPopup(content);
      const title = feature.properties?.title;
      if (title) featureLayer.bindTooltip(h("span", null, String(title))); // an element: Leaflet would parse a string as HTML
      featureLayer.on("add", () => {
        const path = featureLayer.getElement?.();
        if (path && path.tagName !== "DIV") {
          path.dataset.featureType = feature.geometry?.type || "";
          if (feature.id !== undefined) path.dataset.featureId = String(feature.id);
          if (title) path.dataset.featureTitle = String(title);
        }
      });
    },
  }).addTo(map);
  el.dataset.featureCount = String(featureCount);

  const labels = (Array.isArray(result.labels) ? result.labels : []).map((label) => {
    const div = h("div", { class: "map-label-text" }, String(label.text ?? ""));
    const marker = L.marker([label.lat, label.lon], {
      icon: L.divIcon({ html: div, className: "map-label", iconSize: null }),
      interactive: false,
      keyboard: false,
    }).addTo(map);
    return { label, div, marker };
  });
  const scaleLabels = () => {
    const zoom = map.getZoom();
    for (const { label, div } of labels) {
      const px = label.fixed_size ? 13 : 13 * 2 ** (zoom - num(label.scale, zoom));
      div.style.fontSize = `${Math.min(Math.max(px, 0), 48)}px`;
      div.hidden = px < 6;
    }
  };
  map.on("zoomend", scaleLabels);

  if (Array.isArray(result.legend) && result.legend.length) {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => h("div", { class: "map-legend", dataset: { legend: "" } }, result.legend.map((entry) => {
      const swatch = h("span", { class: "map-legend-swatch" });
      swatch.style.backgroundColor = color(entry.color, "#888888");
      return h("div", { class: "map-legend-entry" }, swatch, String(entry.label ?? ""));
    }));
    legend.addTo(map);
  }

  const tilesControl = L.control({ position: "topright" });
  tilesControl.onAdd = () => {
    const button = h("button", { type: "button", class: "btn btn-small map-tiles-button", title: "Set a tile server URL for the base map" }, "Tiles");
    L.DomEvent.disableClickPropagation(button);
    button.addEventListener("click", () => {
      const value = window.prompt("Tile URL template (e.g. https://tile.example.org/{z}/{x}/{y}.png); empty for none:", tileUrl());
      if (value === null) return;
      try {
        if (value.trim()) window.localStorage.setItem(TILE_KEY, value.trim());
        else window.localStorage.removeItem(TILE_KEY);
      } catch {
        /* storage unavailable: the setting lasts for this map only */
      }
      if (value.trim() && safeHttpUrl(value.trim().replace(/[{}]/g, ""))) L.tileLayer(value.trim(), { maxZoom: 19 }).addTo(map);
    });
    return button;
  };
  tilesControl.addTo(map);

  const bounds = layer.getBounds();
  for (const { marker } of labels) bounds.extend(marker.getLatLng());
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  else map.setView([52.1, 5.3], 7);
  scaleLabels();
  const observer = new ResizeObserver(() => map.invalidateSize());
  observer.observe(stage);
  let endSelection = null;
  let endDrawing = null;
  return {
    /** Let the user draw a geo field's value: {value} (Done), null (cancelled) or undefined (the view re-ran). */
    startDrawing(request) {
      endSelection?.(null);
      endDrawing?.(null);
      return new Promise((resolve) => {
        endDrawing = drawOnMap(L, map, el, request, (outcome) => {
          endDrawing = null;
          resolve(outcome);
        });
      });
    },
    /** Let the user pick features for a MapSelectInteraction; resolves to their ids, or null if cancelled. */
    startSelection(interaction) {
      endSelection?.(null);
      endDrawing?.(null);
      return new Promise((resolve) => {
        endSelection = selectFeatures(L, map, el, byId, result.interaction_groups || {}, interaction, (ids) => {
          endSelection = null;
          resolve(ids);
        });
      });
    },
    dispose() {
      endSelection?.(null);
      endDrawing?.(undefined); // not cancelled: the view runs again, and drawing goes on in the new map
      observer.disconnect();
      map.remove();
    },
  };
}

function selectionRule(interaction) {
  const low = Number.isInteger(interaction.min_select) ? interaction.min_select : 1;
  const high = Number.isInteger(interaction.max_select) ? interaction.max_select : null;
  const text = high === null ? `at least ${low}` : low === high ? `${low}` : `${low} to ${high}`;
  return { low, high, text };
}

/** Selection mode: clicks toggle features; a banner confirms or cancels. Returns a function that ends it. */
function selectFeatures(L, map, el, byId, groups, interaction, done) {
  const allowed = Array.isArray(interaction.selection)
    ? new Set(interaction.selection.flatMap((name) => (groups[name] || []).map(String)))
    : null;
  const selectable = [...byId.entries()].filter(([id]) => !allowed || allowed.has(id));
  const chosen = new Set();
  const rule = selectionRule(interaction);
  const count = h("span", { class: "map-select-count" });
  const confirm = h("button", { type: "button", class: "btn btn-primary btn-small", dataset: { selectConfirm: "" } }, "Confirm");
  const cancel = h("button", { type: "button", class: "btn btn-small", dataset: { selectCancel: "" } }, "Cancel");
  const banner = h("div", { class: "map-select-banner", role: "status" },
    h("span", null, `Select ${rule.text} feature${rule.high === 1 ? "" : "s"} on the map.`), count, cancel, confirm);
  L.DomEvent.disableClickPropagation(banner);
  el.prepend(banner);
  el.dataset.selecting = "true";
  const refresh = () => {
    count.textContent = `${chosen.size} selected`;
    confirm.disabled = chosen.size < rule.low || (rule.high !== null && chosen.size > rule.high);
  };
  const mark = (id, layer, on) => {
    const node = layer.getElement?.();
    const target = node?.classList.contains("map-marker-wrapper") ? node.firstElementChild : node;
    target?.classList.toggle("is-selected", on);
    if (layer.setStyle) {
      layer.baseWeight ??= layer.options?.weight ?? 3;
      layer.setStyle({ weight: on ? layer.baseWeight + 3 : layer.baseWeight });
    }
  };
  const handlers = selectable.map(([id, layer]) => {
    const toggle = () => {
      map.closePopup();
      if (chosen.has(id)) chosen.delete(id);
      else chosen.add(id);
      mark(id, layer, chosen.has(id));
      refresh();
    };
    layer.on("click", toggle);
    layer.getElement?.()?.classList.add("is-selectable");
    return [layer, toggle];
  });
  refresh();
  let ended = false;
  const end = (ids) => {
    if (ended) return;
    ended = true;
    for (const [layer, toggle] of handlers) {
      layer.off("click", toggle);
      layer.getElement?.()?.classList.remove("is-selectable");
    }
    for (const [id, layer] of byId) mark(id, layer, false);
    banner.remove();
    delete el.dataset.selecting;
    done(ids);
  };
  confirm.addEventListener("click", () => {
    // identifiers go back with their own type (numbers stay numbers)
    const original = new Map(selectable.map(([id, layer]) => [id, layer.feature?.id ?? id]));
    end([...chosen].map((id) => original.get(id)));
  });
  cancel.addEventListener("click", () => end(null));
  return end;
}
