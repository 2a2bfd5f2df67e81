#!/usr/bin/env bash
# Copy the front-end libraries the editor serves (three.js, Leaflet, pdf.js) from node_modules into
# web/static/vendor/. Run after `npm ci` (the Makefile's `vendor` target does both). Reproducible:
# the versions are pinned by package-lock.json, and nothing is fetched from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
out=web/static/vendor
rm -rf "$out/three" "$out/leaflet" "$out/pdfjs"
mkdir -p "$out/pdfjs" "$out/three/addons/controls" "$out/three/addons/loaders" "$out/three/addons/utils" "$out/leaflet/images"
cp "$src/three/build/three.module.js" "$src/three/build/three.core.js" "$src/three/LICENSE" "$out/three/"
# The add-ons import the bare specifier 'three'; without an (inline) import map the browser needs a path.
for file in controls/OrbitControls.js loaders/GLTFLoader.js utils/BufferGeometryUtils.js utils/SkeletonUtils.js; do
  sed "s#from 'three';#from '../../three.module.js';#" "$src/three/examples/jsm/$file" >"$out/three/addons/$file"
done
cp "$src/leaflet/dist/leaflet-src.esm.js" "$src/leaflet/dist/leaflet.css" "$src/leaflet/LICENSE" "$out/leaflet/"
cp "$src"/leaflet/dist/images/*.png "$out/leaflet/images/"
cp "$src/pdfjs-dist/build/pdf.min.mjs" "$src/pdfjs-dist/build/pdf.worker.min.mjs" "$src/pdfjs-dist/LICENSE" "$out/pdfjs/"
