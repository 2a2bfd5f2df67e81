"""The front-end libraries the editor serves from ``static/vendor/``, and whether they are all there.

They are not in git: ``make vendor`` (``npm ci`` and ``tools/vendor_frontend.sh``) or a wheel build
(``tools/vendor_build.py``) puts them there. Without them the 3D, map and PDF views load nothing, so
``serve`` and ``web`` refuse to start, and the Makefile and the build ask the same question here.
Standard library only: the build and the Makefile load this file by path, before anything is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"

#: The files the editor loads by these names (web/templates, web/static/js) and the ones they import.
VENDOR_FILES = (
    "three/three.module.js",
    "three/three.core.js",
    "three/addons/controls/OrbitControls.js",
    "three/addons/loaders/GLTFLoader.js",
    "three/addons/utils/BufferGeometryUtils.js",
    "three/addons/utils/SkeletonUtils.js",
    "leaflet/leaflet-src.js",
    "leaflet/leaflet.css",
    "leaflet/images/marker-icon.png",
    "geoman/leaflet-geoman.js",
    "geoman/leaflet-geoman.css",
    "pmtiles/pmtiles.js",
    "pmtiles/fflate.js",
    "topojson/index.js",
    "world-atlas/countries-50m.json",
    "pdfjs/pdf.min.mjs",
    "pdfjs/pdf.worker.min.mjs",
)


def missing_vendor_files(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """The files of :data:`VENDOR_FILES` that ``vendor_dir`` lacks (empty: all there)."""
    return [name for name in VENDOR_FILES if not (vendor_dir / name).is_file()]


def missing_vendor_message(missing: list[str], vendor_dir: Path = VENDOR_DIR) -> str:
    """One line: what is missing, and the fix for a source checkout or for an installed package."""
    checkout = vendor_dir.parents[2]  # web/static/vendor -> the repository, when this is one
    what = f"the editor's front-end libraries are missing from {vendor_dir} ({', '.join(missing[:3])}"
    what += f" and {len(missing) - 3} more)" if len(missing) > 3 else ")"
    if (checkout / "tools" / "vendor_frontend.sh").is_file():
        return f"{what}: run `make vendor` in {checkout} (npm ci, then tools/vendor_frontend.sh)"
    return (
        f"{what}: reinstall viktorlite from a wheel built with npm on PATH (`pip wheel .` of a checkout vendors them)"
    )


if __name__ == "__main__":  # `python web/vendor_assets.py`: exit 1 with the message when files are missing
    absent = missing_vendor_files()
    if absent:
        print(missing_vendor_message(absent), file=sys.stderr)
    sys.exit(1 if absent else 0)
