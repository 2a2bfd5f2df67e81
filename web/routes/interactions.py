"""Button interactions: what the user selected in a view before a button's method runs.

A button with ``MapSelectInteraction`` is started with ``event = {"type": "map_select", "value":
[feature identifiers]}``; the method receives it as ``event`` (a ``viktor.views.InteractionEvent``).
The web process checks the selection against the button's declared interaction from the manifest.
"""

from __future__ import annotations

from typing import Any

from viktorlite.protocol.job_request import InteractionEvent
from viktorlite.web.errors import ApiError


def checked_event(entity_type: dict[str, Any], method: str, event: InteractionEvent | None) -> dict[str, Any] | None:
    """The event as the job carries it, or a 422 naming what does not fit the button's interaction."""
    if event is None:
        return None
    button = next((b for b in entity_type.get("buttons", []) if b.get("method") == method), None)
    interaction = (button or {}).get("interaction")
    if not interaction:
        raise ApiError(422, f"event: {method!r} is not a button with an interaction")
    if interaction.get("type") != event.type:
        raise ApiError(422, f"event: {method!r} expects a {interaction.get('type')!r} interaction, not {event.type!r}")
    low = interaction.get("min_select") or 0
    high = interaction.get("max_select")
    count = len(event.value)
    if count < low or (high is not None and count > high):
        wanted = f"at least {low}" if high is None else f"exactly {low}" if low == high else f"{low} to {high}"
        raise ApiError(422, f"event: select {wanted} features, not {count}")
    return event.model_dump()
