"""``api_v1.Workspace`` and what describes it (its app, app version, labels), and ``Job``.

viktorlite serves one app in one workspace: the running job's. ``API().get_workspaces()`` lists
that one, and a Workspace's calls are the API's calls in it. As in the SDK, every class here is made
by the API, and takes the API it was made by first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from viktorlite.jobs import context as job_context

from ._api_entities import Entity, EntityList, EntityType, EntityTypeList, _ReadOnlyList, _Record

if TYPE_CHECKING:
    from ._api import API


class Label(_Record):
    """A label of a workspace (viktorlite's workspace has none)."""

    _fields = ("id", "name", "description", "color")

    def __init__(self, api: Any, id_: int, name: str, description: str, color: str, **_kwargs: Any) -> None:
        self.id = id_
        self.name = name
        self.description = description
        self.color = color


class App(_Record):
    """The app a workspace runs."""

    _fields = ("id", "name")

    def __init__(self, api: Any, id_: int, name: str, **_kwargs: Any) -> None:
        self.id = id_
        self.name = name


class AppVersion(_Record):
    """A published version of an app (viktorlite runs the app folder itself, so there is none)."""

    _fields = ("id", "tag", "status", "app_type", "sdk_version", "python_version", "created_at")

    def __init__(
        self,
        api: Any,
        id_: int,
        tag: str,
        status: str,
        app_type: str,
        sdk_version: str,
        python_version: str,
        created_at: str,
        **_kwargs: Any,
    ) -> None:
        self.id = id_
        self.tag = tag
        self.status = status
        self.app_type = app_type
        self.sdk_version = sdk_version
        self.python_version = python_version
        self.created_at = created_at


class Workspace(_Record):
    """A workspace; its methods are the API's calls with its ``workspace_id``."""

    _fields = ("id", "name")

    def __init__(
        self,
        api: API,
        id_: int,
        name: str,
        description: str,
        visibility: str,
        created_at: str,
        updated_at: str,
        is_archived: bool,
        app: Mapping[str, Any] | None,
        app_version: Mapping[str, Any] | None,
        labels: Sequence[Mapping[str, Any]],
        **kwargs: Any,
    ) -> None:
        self._api = api
        self.id = id_
        self.name = name
        self.description = description
        self.visibility = visibility
        self.created_at = created_at
        self.updated_at = updated_at
        self.is_archived = is_archived
        self.app = App(api, **_with_id(app)) if app is not None else None
        self.app_version = AppVersion(api, **_with_id(app_version)) if app_version is not None else None
        self.labels = [Label(api, **_with_id(label)) for label in labels]

    def get_root_entities(
        self, *, include_params: bool = True, entity_type_names: list[str] | None = None, privileged: bool = False
    ) -> EntityList:
        return self._api.get_root_entities(
            include_params=include_params, entity_type_names=entity_type_names, workspace_id=self.id
        )

    def get_entity(self, id_: int, privileged: bool = False) -> Entity:
        return self._api.get_entity(id_, workspace_id=self.id)

    def get_entity_types(self) -> EntityTypeList:
        return self._api.get_entity_types(workspace_id=self.id)

    def get_entity_type(self, id_: int) -> EntityType:
        return self._api.get_entity_type(id_, workspace_id=self.id)

    def entity_compute(
        self, *, entity_id: int, method_name: str, params: Mapping[str, Any], timeout: int | None = None
    ) -> dict[str, Any]:
        return self._api.entity_compute(
            workspace_id=self.id, entity_id=entity_id, method_name=method_name, params=params, timeout=timeout
        )


def _with_id(description: Mapping[str, Any]) -> dict[str, Any]:
    """The platform describes things with ``id``; the constructors take it as ``id_``."""
    fields = dict(description)
    if "id" in fields:
        fields["id_"] = fields.pop("id")
    return fields


def current_workspace(api: API) -> Workspace:
    """The running job's workspace, named after the app it serves."""
    context = job_context.current()
    return Workspace(
        api,
        context.workspace_id,
        context.app,
        "",
        "private",
        "",
        "",
        False,
        {"id": 1, "name": context.app},
        None,
        [],
    )


class WorkspaceList(_ReadOnlyList[Workspace]):
    """The workspaces the user can reach (of the app named ``app_name``, if given): the job's one."""

    def __init__(self, api: API, app_name: str | None = None, include_archived: bool = False) -> None:
        workspace = current_workspace(api)
        super().__init__([workspace] if app_name is None or app_name == workspace.name else [])


class Job(_Record):
    """A computation started with ``entity_compute`` (not available in viktorlite yet)."""

    _fields = ("id",)

    def __init__(self, api: Any, workspace_id: int, id_: int) -> None:
        self.id = id_
        self._workspace_id = workspace_id

    def get_result(self, *, timeout: int = 15) -> dict[str, Any]:
        raise NotImplementedError("Job.get_result: entity computations are not available in viktorlite yet")
