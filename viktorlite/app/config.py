"""An app's configuration as the runtime uses it: its type, name, entry point and settings.

The file itself is read and checked in :mod:`viktorlite.app.config_file`; a legacy
``manifest/manifest.yml`` can stand in for it (:mod:`viktorlite.app.legacy_manifest`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from viktorlite.app.app_files import NOT_APP_FILES as _NOT_APP_FILES
from viktorlite.app.app_types import APP_TYPES as _APP_TYPES
from viktorlite.app.config_file import (
    DEFAULT_KEEP_JOB_INPUTS_HOURS,
    AppConfigError,
    parse_config,
    read_toml,
)
from viktorlite.jobs.settings import JobSettings

#: Folders never part of an app, by name (the whole rule, with environments under any name, is
#: :func:`viktorlite.app.app_files.is_not_app_folder`); kept here for older imports.
NOT_APP_FILES = _NOT_APP_FILES

APP_TYPES = _APP_TYPES


@dataclass(frozen=True)
class AppConfig:
    directory: Path
    name: str
    app_type: str
    assets_path: str | None = None
    enable_privileged_api: bool = False
    #: Entries the development memoize cache keeps per worker (``[viktorlite] memoize_dev_entries``).
    memoize_dev_entries: int = 10
    #: Hours each job's inputs are kept for ``viktorlite replay`` (``[viktorlite] keep_job_inputs_hours``; 0: not kept).
    keep_job_inputs_hours: float = DEFAULT_KEEP_JOB_INPUTS_HOURS
    #: The result size limit (``[viktorlite] max_result_mb``); None: the SDK's default.
    max_result_mb: float | None = None
    jobs: JobSettings = field(default_factory=JobSettings)


def entry_point(directory: Path) -> Path:
    """The app file: ``app.py`` or the package ``app/__init__.py``."""
    for candidate in (directory / "app.py", directory / "app" / "__init__.py"):
        if candidate.is_file():
            return candidate
    raise AppConfigError(f"{directory}: no app.py or app/__init__.py found")


def app_name(directory: str | Path) -> str:
    """An app's name is its folder's name; it namespaces everything the app keeps in Redis."""
    return Path(directory).resolve().name


def read_config(directory: str | Path, *, name: str | None = None) -> AppConfig:
    """Read and check ``viktor.config.toml`` of the app in ``directory``.

    ``name`` is given when ``directory`` is a worker's private copy of the app.
    """
    directory = Path(directory).resolve()
    if not directory.is_dir():
        raise AppConfigError(f"{directory}: not a folder")
    entry_point(directory)
    from viktorlite.app.legacy_manifest import read_legacy_manifest  # here: it imports AppConfigError from this module

    legacy = read_legacy_manifest(directory)
    config_file = directory / "viktor.config.toml"
    if not config_file.is_file() and legacy is None:
        raise AppConfigError(f"{directory}: viktor.config.toml is missing (it must set app_type)")
    data = read_toml(config_file)
    app_type = data.get("app_type", "tree" if legacy else None)  # a manifest.yml app is a tree of entities
    if app_type not in APP_TYPES:
        raise AppConfigError(f"{config_file}: app_type must be one of {', '.join(APP_TYPES)}, not {app_type!r}")
    parsed = parse_config(data, config_file)
    section = parsed.viktorlite
    privileged = parsed.enable_privileged_api
    return AppConfig(
        directory=directory,
        name=name or app_name(directory),
        app_type=app_type,
        assets_path=parsed.assets_path,
        enable_privileged_api=bool(legacy and legacy.uses_privileged_api) if privileged is None else privileged,
        memoize_dev_entries=section.memoize_dev_entries,
        keep_job_inputs_hours=section.keep_job_inputs_hours,
        max_result_mb=section.max_result_mb,
        jobs=section.jobs(),
    )
