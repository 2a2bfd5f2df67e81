"""Button interactions: what the user selected in a view before a button's method runs.

A button with ``MapSelectInteraction`` is started with ``event = {"type": "map_select", "value":
[feature identifiers]}``; the method receives it as ``event`` (a ``viktor.views.InteractionEvent``).
The web process checks the selection against the button's declared interaction from the manifest.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from viktorlite.web.errors import ApiError

MAX_SELECTED = 10_000


class InteractionEventBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["map_select"]
    value: list[int | str] = Field(max_length=MAX_SELECTED, description="identifiers of the selected features")


def checked_event(
    entity_type: dict[str, Any], method: str, event: InteractionEventBody | None
) -> dict[str, Any] | None:
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
