"""``viktor.config.toml``: what kind of app this is and where its files are."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .job_settings import JobSettings, JobSettingsError

#: Never part of an app, though they may sit in its folder: viktorlite's data (with the app's
#: environment), caches, version control and virtual environments.
NOT_APP_FILES = frozenset({".viktorlite", "__pycache__", ".git", ".venv", "venv", "node_modules", ".pytest_cache"})

APP_TYPES = ("editor", "simple", "tree")
DEFAULT_KEEP_JOB_INPUTS_HOURS = 24.0


class AppConfigError(Exception):
    """The app folder or its configuration cannot be used; the message says why."""


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
    from .legacy_manifest import read_legacy_manifest  # here: it imports AppConfigError from this module

    legacy = read_legacy_manifest(directory)
    config_file = directory / "viktor.config.toml"
    if not config_file.is_file() and legacy is None:
        raise AppConfigError(f"{directory}: viktor.config.toml is missing (it must set app_type)")
    try:
        data = tomllib.loads(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AppConfigError(f"{config_file}: not valid TOML: {exc}") from exc
    app_type = data.get("app_type", "tree" if legacy else None)  # a manifest.yml app is a tree of entities
    if app_type not in APP_TYPES:
        raise AppConfigError(f"{config_file}: app_type must be one of {', '.join(APP_TYPES)}, not {app_type!r}")
    viktorlite_table = data.get("viktorlite", {})
    if not isinstance(viktorlite_table, dict):
        raise AppConfigError(f"{config_file}: [viktorlite] must be a table")
    memoize_dev_entries = viktorlite_table.get("memoize_dev_entries", 10)
    if isinstance(memoize_dev_entries, bool) or not isinstance(memoize_dev_entries, int) or memoize_dev_entries < 1:
        raise AppConfigError(
            f"{config_file}: [viktorlite] memoize_dev_entries must be a whole number >= 1, not {memoize_dev_entries!r}"
        )
    keep_hours = viktorlite_table.get("keep_job_inputs_hours", DEFAULT_KEEP_JOB_INPUTS_HOURS)
    if isinstance(keep_hours, bool) or not isinstance(keep_hours, (int, float)) or not 0 <= keep_hours < 100_000:
        raise AppConfigError(
            f"{config_file}: [viktorlite] keep_job_inputs_hours must be a number of hours >= 0, not {keep_hours!r}"
        )
    try:
        jobs = JobSettings.from_table(viktorlite_table)
    except JobSettingsError as exc:
        raise AppConfigError(f"{config_file}: {exc}") from None
    return AppConfig(
        directory=directory,
        name=name or app_name(directory),
        app_type=app_type,
        assets_path=data.get("assets_path"),
        enable_privileged_api=bool(data.get("enable_privileged_api", legacy and legacy.uses_privileged_api)),
        memoize_dev_entries=memoize_dev_entries,
        keep_job_inputs_hours=float(keep_hours),
        jobs=jobs,
    )
