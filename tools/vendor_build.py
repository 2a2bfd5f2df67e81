"""A build that vendors the front-end first: every wheel (and sdist) holds three.js, Leaflet and pdf.js.

pyproject's ``[tool.setuptools.cmdclass]`` makes this setuptools' ``build_py``. Before the package
data is listed (by ``build_py``, ``sdist`` or ``egg_info``, whichever comes first), a tree whose
``web/static/vendor/`` is incomplete runs ``npm ci`` and ``tools/vendor_frontend.sh`` (what ``make
vendor`` runs), or, without npm, fails the build saying so: a wheel without them would serve an
editor whose 3D, map and PDF views load nothing.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

from setuptools import find_namespace_packages
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools.errors import SetupError

ROOT = Path(__file__).resolve().parents[1]


def _vendor_assets() -> ModuleType:
    """web/vendor_assets.py, loaded by path: the build environment has none of viktorlite's packages."""
    spec = importlib.util.spec_from_file_location("_viktorlite_vendor_assets", ROOT / "web" / "vendor_assets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ensure_vendored() -> None:
    """Vendor the front-end libraries unless all are there; a clear error when npm is missing."""
    assets = _vendor_assets()
    vendor_dir = ROOT / "web" / "static" / "vendor"
    missing = assets.missing_vendor_files(vendor_dir)
    if not missing:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SetupError(
            f"{vendor_dir} lacks the editor's front-end libraries ({', '.join(missing[:3])}, ...) and npm is not "
            "on PATH to fetch them: install Node.js with npm (e.g. `apt-get install npm`) and build again, "
            "or run `make vendor` first"
        )
    print("vendoring the front-end libraries: npm ci, tools/vendor_frontend.sh", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], cwd=ROOT, check=True)
    subprocess.run(["bash", str(ROOT / "tools" / "vendor_frontend.sh")], cwd=ROOT, check=True)
    still = assets.missing_vendor_files(vendor_dir)
    if still:
        raise SetupError(f"tools/vendor_frontend.sh ran but {vendor_dir} still lacks {', '.join(still)}")


class VendoringBuildPy(build_py):
    """setuptools' ``build_py``, with the front-end libraries vendored before the data files are listed."""

    def _prepare(self) -> None:
        ensure_vendored()
        # The folders of data files (templates, static, vendor, the `new` templates) count as packages,
        # as setuptools wants of importable-looking folders that hold package data (else it warns
        # "Package would be ignored" for each). Found here, after the vendoring made the vendor folders.
        for package in list(self.packages):
            for name in find_namespace_packages(self.get_package_dir(package), exclude=["*__pycache__*"]):
                if f"{package}.{name}" not in self.packages:
                    self.packages.append(f"{package}.{name}")

    def _get_data_files(self):  # type: ignore[no-untyped-def]
        self._prepare()
        return super()._get_data_files()

    def run(self) -> None:
        self._prepare()
        super().run()


class VendoringSdist(sdist):
    """setuptools' ``sdist``, vendoring first: an sdist holds the libraries, so building it needs no npm."""

    def run(self) -> None:
        ensure_vendored()
        super().run()
