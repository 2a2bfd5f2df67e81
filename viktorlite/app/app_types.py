"""The app types of ``viktor.config.toml``: a module of its own so the command line's help can
name them without importing the config reader (pydantic)."""

from __future__ import annotations

APP_TYPES = ("editor", "simple", "tree")
