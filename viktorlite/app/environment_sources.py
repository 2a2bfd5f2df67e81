"""pip's package sources, and which of them can answer "what was there on a given date".

pip's ``--uploaded-prior-to`` keeps only files whose index states an upload time older than the
date. A ``file://`` index or a find-links folder states none, and pip lets every local file through
unfiltered; an http index without upload times (no PEP 700 JSON) has every file refused. A machine
whose pip configuration adds local wheel folders or mirrors (``/opt/wheels``,
``file:///opt/pypi/simple``) would therefore slip today's releases into a dated resolve. So a dated
resolve runs with the http(s) indexes only: the configuration's other settings (certificate,
constraints, timeout, proxy) are kept, handed over as ``PIP_*`` variables, while the configuration
files are not read (``PIP_CONFIG_FILE`` = os.devnull), since an empty variable cannot clear them.
The app's own ``requirements.txt`` options (``--find-links ./wheels``) stay as the app wrote them.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from dataclasses import dataclass, field

#: Settings that name package sources; the rest of pip's configuration is kept as it is.
SOURCE_KEYS = ("index-url", "extra-index-url", "find-links", "no-index")
PYPI = "https://pypi.org/simple"
_LINE = re.compile(r"^(?P<section>[^.=]*)\.(?P<key>[^=]+)=(?P<value>.*)$")


@dataclass(frozen=True)
class PipSources:
    """The effective pip configuration (``:env:`` over ``install.`` over ``global.``), by key."""

    settings: dict[str, str] = field(default_factory=dict)

    @property
    def index_url(self) -> str:
        return self.settings.get("index-url", PYPI)

    def indexes(self) -> list[str]:
        return [self.index_url, *self.settings.get("extra-index-url", "").split()]

    def find_links(self) -> list[str]:
        return self.settings.get("find-links", "").split()

    def datable(self) -> list[str]:
        """The indexes that can say when a file was uploaded: http(s) ones (if they give no upload
        times, pip refuses their files in a dated resolve and says so)."""
        if _truthy(self.settings.get("no-index", "")):
            return []
        return [url for url in self.indexes() if url.startswith(("https://", "http://"))]

    def undatable(self) -> list[str]:
        """The sources a dated resolve leaves out: local indexes and every find-links location."""
        datable = set(self.datable())
        return [url for url in [*self.indexes(), *self.find_links()] if url not in datable]

    def dated_environment(self) -> dict[str, str]:
        """The environment for a pip run that reads only :meth:`datable` sources, other settings kept."""
        env = {name: value for name, value in os.environ.items() if not _is_pip_variable(name)}
        for key, value in self.settings.items():
            if key not in SOURCE_KEYS:
                env[_variable(key)] = value
        datable = self.datable()
        if datable:
            env["PIP_INDEX_URL"] = datable[0]
            if datable[1:]:
                env["PIP_EXTRA_INDEX_URL"] = " ".join(datable[1:])
        env["PIP_CONFIG_FILE"] = os.devnull
        return env


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _variable(key: str) -> str:
    return "PIP_" + key.upper().replace("-", "_")


def _is_pip_variable(name: str) -> bool:
    return name.startswith("PIP_")


def parse_config_list(output: str) -> dict[str, str]:
    """``pip config list``'s lines, merged as pip applies them to ``pip install``."""
    ranked: dict[str, tuple[int, str]] = {}
    rank = {"global": 0, "install": 1, ":env:": 2}
    for line in output.splitlines():
        match = _LINE.match(line.strip())
        if not match or match.group("section") not in rank:
            continue
        try:
            value = ast.literal_eval(match.group("value"))
        except (ValueError, SyntaxError):
            value = match.group("value").strip("'\"")
        level = rank[match.group("section")]
        key = match.group("key")
        if key not in ranked or ranked[key][0] <= level:
            ranked[key] = (level, str(value))
    return {key: value for key, (_, value) in ranked.items()}


def pip_sources(pip: list[str]) -> PipSources:
    """The configuration the pip run by ``pip`` (``[python, -m, pip]``) uses; empty when it cannot say."""
    try:
        done = subprocess.run(
            [*pip, "config", "list"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return PipSources()
    return PipSources(parse_config_list(done.stdout) if done.returncode == 0 else {})
