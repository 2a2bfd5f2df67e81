#!/usr/bin/env bash
# Copy the front-end libraries the editor serves (three.js, Leaflet with leaflet-geoman, pdf.js, pmtiles,
# topojson-client and the world-atlas base map) from node_modules into
# web/static/vendor/. Run after `npm ci` (the Makefile's `vendor` target does both). Reproducible:
# the versions are pinned by package-lock.json, and nothing is fetched from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
out=web/static/vendor
rm -rf "$out/three" "$out/leaflet" "$out/pdfjs" "$out/geoman" "$out/pmtiles" "$out/topojson" "$out/world-atlas"
mkdir -p "$out/pdfjs" "$out/three/addons/controls" "$out/three/addons/loaders" "$out/three/addons/utils" "$out/leaflet/images" \
  "$out/geoman" "$out/pmtiles" "$out/topojson" "$out/world-atlas"
cp "$src/three/build/three.module.js" "$src/three/build/three.core.js" "$src/three/LICENSE" "$out/three/"
# The add-ons import the bare specifier 'three'; without an (inline) import map the browser needs a path.
for file in controls/OrbitControls.js loaders/GLTFLoader.js utils/BufferGeometryUtils.js utils/SkeletonUtils.js; do
  sed "s#from 'three';#from '../../three.module.js';#" "$src/three/examples/jsm/$file" >"$out/three/addons/$file"
done
cp "$src/leaflet/dist/leaflet.css" "$src/leaflet/LICENSE" "$out/leaflet/"
cp "$src"/leaflet/dist/images/*.png "$out/leaflet/images/"
cp "$src/pdfjs-dist/build/pdf.min.mjs" "$src/pdfjs-dist/build/pdf.worker.min.mjs" "$src/pdfjs-dist/LICENSE" "$out/pdfjs/"
# Leaflet as its UMD build: leaflet-geoman extends the global L (an ES module namespace cannot be extended).
cp "$src/leaflet/dist/leaflet-src.js" "$out/leaflet/"
cp "$src/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.js" "$src/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css" \
  "$src/@geoman-io/leaflet-geoman-free/LICENSE" "$out/geoman/"
# pmtiles reads a .pmtiles archive by HTTP range requests; its ES module imports fflate by bare name.
sed 's#from"fflate"#from"./fflate.js"#' "$src/pmtiles/dist/esm/index.js" >"$out/pmtiles/pmtiles.js"
cp "$src/fflate/esm/browser.js" "$out/pmtiles/fflate.js"
cp "$src/pmtiles/LICENSE" "$out/pmtiles/LICENSE" 2>/dev/null || true
cp "$src"/topojson-client/src/*.js "$src/topojson-client/LICENSE" "$out/topojson/"
cp "$src/world-atlas/countries-50m.json" "$src/world-atlas/LICENSE" "$out/world-atlas/"
