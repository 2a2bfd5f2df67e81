"""compose.yaml read as Compose reads it, for the container tests (test_container.py, test_container_layout.py)."""

from __future__ import annotations

import re

import yaml

from wheel_build import ROOT

COMPOSE = ROOT / "compose.yaml"
#: The variables compose.yaml needs set (``${NAME:?...}``), as a user sets them.
ENVIRONMENT = {"VIKTORLITE_ACCESS_TOKEN": "a-token-of-sixteen-or-more"}


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?error}``, done as Compose does them."""

    def value(match: re.Match[str]) -> str:
        name, operator, argument = match.group(1), match.group(2), match.group(3)
        if operator == ":?" and not env.get(name):
            raise ValueError(f"{name}: {argument}")
        return env.get(name) or (argument if operator == ":-" else "")

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", value, text)


def compose_file(env: dict[str, str]) -> dict:
    """compose.yaml as Compose reads it: interpolated, YAML merge keys resolved."""
    return yaml.safe_load(interpolate(COMPOSE.read_text(), env))
