"""``viktor.config.toml``: what kind of app this is, where its files are, and viktorlite's own settings.

The file is read through pydantic models. The platform's keys are accepted as the platform has
them (``app_type``, ``python_version``, ``packages``, ...: any top-level key), but viktorlite's own
``[viktorlite]`` table is strict: an unknown key is refused naming the nearest known one, so a
typo such as ``job_timout`` cannot silently leave a setting at its default.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from .job_settings import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, JobSettings

#: Never part of an app, though they may sit in its folder: viktorlite's data (with the app's
#: environment), caches, version control and virtual environments.
NOT_APP_FILES = frozenset({".viktorlite", "__pycache__", ".git", ".venv", "venv", "node_modules", ".pytest_cache"})

APP_TYPES = ("editor", "simple", "tree")
DEFAULT_KEEP_JOB_INPUTS_HOURS = 24.0


class AppConfigError(Exception):
    """The app folder or its configuration cannot be used; the message says why."""


WHOLE_NUMBER = "a whole number >= 1"


class ViktorliteSection(BaseModel):
    """``[viktorlite]``: settings only viktorlite reads (the platform ignores the table).

    Each field's description is what its value must be, as the error message says it.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    job_timeout: int = Field(default=DEFAULT_TIMEOUT, ge=1, description=WHOLE_NUMBER + " (seconds)")
    job_memory_mb: int = Field(default=DEFAULT_MEMORY_MB, ge=1, description=WHOLE_NUMBER + " (megabytes)")
    timeouts: dict[str, Annotated[int, Field(ge=1)]] = Field(
        default_factory=dict, description="a table of method = seconds"
    )
    retry_safe: list[str] = Field(default_factory=list, description="a list of method names")
    memoize_dev_entries: int = Field(default=10, ge=1, description=WHOLE_NUMBER)
    keep_job_inputs_hours: float = Field(
        default=DEFAULT_KEEP_JOB_INPUTS_HOURS,
        ge=0,
        lt=100_000,
        allow_inf_nan=False,
        description="a number of hours >= 0",
    )
    max_result_mb: float | None = Field(
        default=None, gt=0, allow_inf_nan=False, description="a number of megabytes > 0"
    )

    def jobs(self) -> JobSettings:
        return JobSettings(self.job_timeout, self.job_memory_mb, dict(self.timeouts), tuple(self.retry_safe))


class ConfigFile(BaseModel):
    """The whole file: the platform's keys (unknown ones too) and the strict ``[viktorlite]`` table."""

    model_config = ConfigDict(extra="allow", strict=True)

    app_type: Any = None  # checked by read_config: a legacy app without it is a tree
    assets_path: str | None = Field(default=None, description="a folder path (a string)")
    enable_privileged_api: bool | None = Field(default=None, description="true or false")
    viktorlite: ViktorliteSection = Field(default=ViktorliteSection(), description="a table")


def _unknown_key(key: str, config_file: Path) -> str:
    known = list(ViktorliteSection.model_fields)
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
    return f"unknown key {key!r} in [viktorlite] of {config_file.name}; {hint}"


def _problem(error: ErrorDetails, data: dict[str, Any], config_file: Path) -> str:
    """One validation error as a sentence naming the key, what it must be and what it is."""
    loc = [str(part) for part in error["loc"]]
    if loc[0] != "viktorlite" or len(loc) == 1:
        description = ConfigFile.model_fields[loc[0]].description
        where = f"[{loc[0]}]" if loc[0] == "viktorlite" else loc[0]
        return f"{where} must be {description}, not {data[loc[0]]!r}"
    key, table = loc[1], data["viktorlite"]
    if error["type"] == "extra_forbidden":
        return _unknown_key(key, config_file)
    if key == "timeouts" and len(loc) > 2:
        method = loc[2]
        return f"[viktorlite.timeouts] {method} must be {WHOLE_NUMBER}, not {table[key][method]!r}"
    return f"[viktorlite] {key} must be {ViktorliteSection.model_fields[key].description}, not {table[key]!r}"


def parse_config(data: dict[str, Any], config_file: Path) -> ConfigFile:
    """Validate the file's TOML data; every problem is one line of the error, naming its key."""
    try:
        return ConfigFile.model_validate(data)
    except ValidationError as exc:
        problems = dict.fromkeys(_problem(error, data, config_file) for error in exc.errors())
        raise AppConfigError("\n".join(f"{config_file}: {problem}" for problem in problems)) from None


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
