"""``viktor.config.toml``: what kind of app this is, where its files are, and viktorlite's own settings.

The file is read through pydantic models. The platform's keys are accepted as the platform has
them (``app_type``, ``python_version``, ``packages``, ...: any top-level key), but viktorlite's own
``[viktorlite]`` table is strict: an unknown key is refused naming the nearest known one, so a
typo such as ``job_timout`` cannot silently leave a setting at its default.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from viktorlite.jobs.settings import DEFAULT_DISK_MB, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, JobSettings

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
    job_disk_mb: int = Field(default=DEFAULT_DISK_MB, ge=1, description=WHOLE_NUMBER + " (megabytes)")
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
        return JobSettings(
            self.job_timeout, self.job_memory_mb, dict(self.timeouts), tuple(self.retry_safe), self.job_disk_mb
        )


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


def read_toml(config_file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AppConfigError(f"{config_file}: not valid TOML: {exc}") from exc


def read_assets_dir(directory: str | Path) -> Path | None:
    """The app's ``assets_path`` folder, from viktor.config.toml alone.

    The web process serves the assets; reading the whole config would read a legacy manifest too,
    which makes SDK objects, and the web process never loads the SDK.
    """
    config_file = Path(directory).resolve() / "viktor.config.toml"
    parsed = parse_config(read_toml(config_file), config_file)
    return (config_file.parent / parsed.assets_path).resolve() if parsed.assets_path else None
