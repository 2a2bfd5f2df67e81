"""``GET /api/entities?limit=...``: one page of the entity list, sorted and filtered on the server.

Why: the unpaged list reads every entity, revision and summary per request (1.7 s at 10,000). With
``limit`` the response is ``{items, total, offset, limit, next_offset}`` and only the page's records,
summaries and last saves are read (viktorlite.store.entity_index orders and filters the ids).
Without ``limit`` the route answers the whole list as before, for the clients that use it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from viktorlite.store.entity_index import PageQuery
from viktorlite.web import bodies
from viktorlite.web.errors import ApiError
from viktorlite.web.services import blocking, services

MAX_LIMIT = 1000


def page_query(params: Any) -> PageQuery:
    """The page the query string asks for (422 on a bad value)."""
    try:
        limit = int(params.get("limit", 50))
        offset = int(params.get("offset", params.get("cursor", 0)) or 0)
    except ValueError as error:
        raise ApiError(422, "limit, offset: integers") from error
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise ApiError(422, f"limit: 1..{MAX_LIMIT}; offset: >= 0")
    parent = params.get("parent_id")
    by_parent = parent is not None
    try:
        parent_id = None if parent in (None, "", "null", "none") else int(parent)
    except ValueError as error:
        raise ApiError(422, "parent_id: an entity id, or null for the top level") from error
    return PageQuery(
        limit=limit,
        offset=offset,
        sort=params.get("sort", "id"),
        parent_id=parent_id,
        by_parent=by_parent,
        entity_type=params.get("entity_type") or None,
        q=params.get("q") or None,
    )


async def list_page(request: Request) -> Response:
    store = services(request).entities
    query = page_query(request.query_params)
    try:
        records, total = await blocking(store.page, query)
    except ValueError as error:
        raise ApiError(422, str(error)) from error
    ids = [r.id for r in records]
    summaries = await blocking(store.summaries, ids)
    saves = await blocking(store.last_saves, ids)
    items = [
        bodies.EntitySummary(
            **r.to_json(),
            summary=summaries.get(r.id, {}),
            updated_at=saves.get(r.id, (None, None))[0],
            author=saves.get(r.id, (None, None))[1],
        ).model_dump()
        for r in records
    ]
    following = query.offset + query.limit
    return JSONResponse(
        {
            "items": items,
            "total": total,
            "offset": query.offset,
            "limit": query.limit,
            "next_offset": following if following < total else None,
        }
    )
