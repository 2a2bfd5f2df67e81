// What a map is drawn on. Offline there is no tile server, so every map first gets a vendored world
// base layer (land and country borders from world-atlas, via topojson-client); over it, if configured,
// a tile layer: a local PMTiles archive the web process serves (VIKTORLITE_MAP_TILES=/path/x.pmtiles,
// read with HTTP range requests by the pmtiles library), or a tile URL template (VIKTORLITE_MAP_TILES
// as a URL, or the map's "Tiles" button, kept in this browser).

import { loadModule, safeHttpUrl } from "./common.js";

const WORLD_URL = "/static/vendor/world-atlas/countries-50m.json";
const TOPOJSON = "/static/vendor/topojson/index.js";
const PMTILES = "/static/vendor/pmtiles/pmtiles.js";
export const TILE_KEY = "viktorlite.mapTiles";
const IMAGE_TYPES = { 2: "image/png", 3: "image/jpeg", 4: "image/webp", 5: "image/avif" }; // PMTiles v3 tile types

let world = null;
/** Land and country borders as GeoJSON, fetched and converted once per page. */
function worldShapes() {
  world ??= Promise.all([fetch(WORLD_URL).then((r) => {
    if (!r.ok) throw new Error(`${WORLD_URL}: ${r.status}`);
    return r.json();
  }), loadModule(TOPOJSON)]).then(([topo, { feature, mesh }]) => ({
    land: feature(topo, topo.objects.land),
    borders: mesh(topo, topo.objects.countries, (a, b) => a !== b),
  })).catch((err) => {
    world = null;
    throw err;
  });
  return world;
}

/** The world base layer in its own pane under the tiles, drawn on one canvas (light on the DOM). */
export async function addWorldLayer(L, map, el) {
  const pane = map.createPane("basemap");
  pane.style.zIndex = "150"; // under the tile pane (200): a configured tile layer covers it
  pane.style.pointerEvents = "none";
  const renderer = L.canvas({ pane: "basemap", padding: 0.2 });
  try {
    const { land, borders } = await worldShapes();
    L.geoJSON(land, { pane: "basemap", renderer, interactive: false, style: { stroke: false, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(map);
    L.geoJSON(borders, { pane: "basemap", renderer, interactive: false, style: { color: "#a9aeb5", weight: 0.8, fill: false } }).addTo(map);
    el.dataset.baseMap = "world";
  } catch (err) {
    console.warn("the world base map could not be drawn", err);
    el.dataset.baseMap = "none";
  }
}

/** The tile URL template: this browser's own choice ("Tiles" button) over the server's setting. */
export function tileUrl() {
  const configured = document.getElementById("editor")?.dataset.mapTiles || "";
  let saved = "";
  try {
    saved = window.localStorage.getItem(TILE_KEY) || "";
  } catch {
    saved = "";
  }
  return saved || configured;
}

/** A raster tile layer read from a PMTiles archive at `url` (same origin, by range requests). */
async function pmtilesLayer(L, url) {
  const { PMTiles } = await loadModule(PMTILES);
  const archive = new PMTiles(url);
  const header = await archive.getHeader();
  const type = IMAGE_TYPES[header.tileType];
  if (!type) throw new Error(`${url} holds vector tiles (type ${header.tileType}); the editor draws raster PMTiles only`);
  const Layer = L.GridLayer.extend({
    createTile(coords, done) {
      const img = document.createElement("img");
      img.alt = "";
      img.setAttribute("role", "presentation");
      archive.getZxy(coords.z, coords.x, coords.y).then((tile) => {
        if (!tile) {
          done(null, img); // no tile here: the world base layer shows through
          return;
        }
        const src = URL.createObjectURL(new Blob([tile.data], { type }));
        img.addEventListener("load", () => {
          URL.revokeObjectURL(src);
          img.dataset.tile = `${coords.z}/${coords.x}/${coords.y}`;
          done(null, img);
        }, { once: true });
        img.addEventListener("error", () => done(new Error("bad tile"), img), { once: true });
        img.src = src;
      }, (err) => done(err, img));
      return img;
    },
  });
  return new Layer({ minZoom: 0, maxNativeZoom: header.maxZoom, minNativeZoom: header.minZoom, maxZoom: 19, className: "pmtiles-layer" });
}

/** Add the configured tile source over the base layer; sets el.dataset.tiles to off, url or pmtiles. */
export async function addTiles(L, map, el) {
  const pmtiles = document.getElementById("editor")?.dataset.mapPmtiles || "";
  const url = tileUrl();
  el.dataset.tiles = "off";
  if (url && safeHttpUrl(url.replace(/[{}]/g, ""))) {
    L.tileLayer(url, { maxZoom: 19 }).addTo(map);
    el.dataset.tiles = "url";
  } else if (pmtiles) {
    try {
      (await pmtilesLayer(L, pmtiles)).addTo(map);
      el.dataset.tiles = "pmtiles";
    } catch (err) {
      console.warn("the local map tiles cannot be drawn", err);
    }
  }
}
