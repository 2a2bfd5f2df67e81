"""The kept last results of an entity's slow views (viktorlite.store.slow_views), for the editor to show."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from viktorlite.store.slow_views import SlowViewResults
from viktorlite.web.bodies import EntityPath, ErrorBody
from viktorlite.web.operations import operation
from viktorlite.web.services import blocking, entity_id_from_path, existing_entity, services


class KeptViewResult(BaseModel):
    method: str
    params: dict[str, Any] = Field(description="the params (stored form) the result was computed from")
    result: dict[str, Any] = Field(description="the view's result, as its job returned it")
    computed_at: str = Field(description="when the job ended (ISO 8601, UTC)")
    job_id: str | None = None
    worker: str | None = None


class KeptViewResults(BaseModel):
    views: dict[str, KeptViewResult] = Field(description="view method -> its last result")


@operation(path=EntityPath, responses={200: KeptViewResults, 404: ErrorBody})
async def get_slow_views(request: Request) -> Response:
    """The last result of each slow view of the entity, with the params it was computed from."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    await existing_entity(svc, entity_id)
    kept = await blocking(SlowViewResults(svc.redis, svc.app_name).all, entity_id)
    return JSONResponse(KeptViewResults(views=kept).model_dump())  # type: ignore[arg-type]


routes = [Route("/api/entities/{entity_id}/slow-views", get_slow_views, methods=["GET"])]
