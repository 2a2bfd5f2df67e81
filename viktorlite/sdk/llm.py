"""``viktor.llm``: the platform's OpenAI-compatible LLM service.

Offline there is no VIKTOR service; set ``VIKTORLITE_OPENAI_BASE_URL`` and ``VIKTORLITE_OPENAI_API_KEY``
(for example to a local OpenAI-compatible server) and apps get those instead.
"""

from __future__ import annotations

import os

from ._offline import UnavailableOffline

__all__ = ["ViktorOpenAI"]


class ViktorOpenAI:
    @staticmethod
    def get_base_url(*, version: str = "v1") -> str:
        return _setting("VIKTORLITE_OPENAI_BASE_URL", "ViktorOpenAI.get_base_url()")

    @staticmethod
    def get_api_key() -> str:
        return _setting("VIKTORLITE_OPENAI_API_KEY", "ViktorOpenAI.get_api_key()")


def _setting(variable: str, what: str) -> str:
    value = os.environ.get(variable)
    if not value:
        raise UnavailableOffline(
            what, "the VIKTOR LLM service", f"Set {variable} to use another OpenAI-compatible one."
        )
    return value
