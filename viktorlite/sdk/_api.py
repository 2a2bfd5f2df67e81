"""``api_v1.API``: the entry points to the app's entities (by id, the roots, all of one type).

viktorlite has one workspace and runs every job for the user who started it, so ``token``,
``environment``, ``workspace_id`` and ``privileged`` are accepted for compatibility; a
``workspace_id`` other than the job's one is refused, as a workspace the user cannot reach is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viktorlite.jobs import context as job_context

from ._api_entities import (
    Entity,
    EntityList,
    EntityRevisionList,
    EntityType,
    EntityTypeList,
    User,
    _not_found,
    entity_types,
    listed,
    store,
)
from ._api_workspaces import Workspace, WorkspaceList, current_workspace
from ._file import File
from .errors import EntityNotFoundError, ResourceNotFoundError

LOCAL_USER = "local user"


def _same_workspace(workspace_id: int | None) -> None:
    context = job_context.current()
    if workspace_id is not None and workspace_id != context.workspace_id:
        raise EntityNotFoundError(f"workspace {workspace_id} is not reachable: viktorlite runs one workspace")


class API:
    """The platform API as an app sees it inside a job; every call reads or writes Redis at once."""

    def __init__(self, environment: str | None = None, token: str | None = None) -> None:
        self.environment = environment
        self.token = token

    # -- who and what -----------------------------------------------------------------------------

    def get_current_user(self) -> User:
        """The user the job runs for (``local user`` unless the editor is behind a login)."""
        name = str(getattr(job_context.current(), "user", None) or LOCAL_USER)
        first, _, last = name.partition(" ")
        email = name if "@" in name else f"{name.replace(' ', '.')}@localhost"
        return User(self, id_=1, first_name=first.capitalize(), last_name=last.capitalize(), email=email, job_title="")

    def get_workspaces(self, *, app_name: str | None = None, include_archived: bool = False) -> WorkspaceList:
        """The workspaces the user reaches: the job's one (viktorlite serves one app in one workspace)."""
        return WorkspaceList(self, app_name, include_archived)

    def get_workspace(self, id_: int) -> Workspace:
        workspace = current_workspace(self)
        if id_ != workspace.id:
            raise ResourceNotFoundError(f"workspace {id_} is not reachable: viktorlite runs one workspace")
        return workspace

    def get_entity_types(self, *, workspace_id: int | None = None) -> EntityTypeList:
        _same_workspace(workspace_id)
        return entity_types()

    def get_entity_type(self, id_: int, *, workspace_id: int | None = None) -> EntityType:
        for entity_type in self.get_entity_types(workspace_id=workspace_id):
            if entity_type.id == id_:
                return entity_type
        raise EntityNotFoundError(f"the app has no entity type with id {id_}")

    # -- finding entities -------------------------------------------------------------------------

    def get_entity(self, id_: int, *, privileged: bool = False, workspace_id: int | None = None) -> Entity:
        _same_workspace(workspace_id)
        with _not_found():
            return Entity(int(id_), record=store().get(int(id_)))

    def get_root_entities(
        self,
        *,
        include_params: bool = True,
        entity_type_names: Sequence[str] | None = None,
        privileged: bool = False,
        workspace_id: int | None = None,
    ) -> EntityList:
        _same_workspace(workspace_id)
        return listed(store().children(None), include_params=include_params, entity_type_names=entity_type_names)

    def get_entities_by_type(
        self,
        entity_type_name: str,
        *,
        include_params: bool = True,
        privileged: bool = False,
        workspace_id: int | None = None,
    ) -> EntityList:
        _same_workspace(workspace_id)
        known = [t.name for t in entity_types()]
        if entity_type_name not in known:
            raise EntityNotFoundError(f"the app has no entity type {entity_type_name!r} (known: {', '.join(known)})")
        return listed(store().all(), include_params=include_params, entity_type_names=[entity_type_name])

    # -- the same, by entity id -------------------------------------------------------------------

    def get_entity_parent(self, entity_id: int, *, privileged: bool = False, workspace_id: int | None = None) -> Entity:
        return self.get_entity(entity_id, workspace_id=workspace_id).parent()

    def get_entity_children(
        self,
        entity_id: int,
        *,
        include_params: bool = True,
        entity_type_names: Sequence[str] | None = None,
        privileged: bool = False,
        workspace_id: int | None = None,
    ) -> EntityList:
        entity = self.get_entity(entity_id, workspace_id=workspace_id)
        return entity.children(include_params=include_params, entity_type_names=entity_type_names)

    def get_entity_siblings(
        self,
        entity_id: int,
        *,
        include_params: bool = True,
        entity_type_names: Sequence[str] | None = None,
        privileged: bool = False,
        workspace_id: int | None = None,
    ) -> EntityList:
        entity = self.get_entity(entity_id, workspace_id=workspace_id)
        return entity.siblings(include_params=include_params, entity_type_names=entity_type_names)

    def get_entity_file(self, entity_id: int, *, privileged: bool = False, workspace_id: int | None = None) -> File:
        return self.get_entity(entity_id, workspace_id=workspace_id).get_file()

    def get_entity_revisions(
        self, entity_id: int, *, privileged: bool = False, workspace_id: int | None = None
    ) -> EntityRevisionList:
        return self.get_entity(entity_id, workspace_id=workspace_id).revisions()

    def entity_compute(
        self,
        *,
        workspace_id: int,
        entity_id: int,
        method_name: str,
        params: Mapping[str, Any],
        timeout: int | None = None,
    ) -> dict[str, Any]:
        entity = self.get_entity(entity_id, workspace_id=workspace_id)
        return entity.compute(method_name, params=params, timeout=timeout)

    def generate_upload_url(
        self, entity_type_name: str, *, privileged: bool = False, workspace_id: int | None = None
    ) -> dict[str, Any]:
        """The platform's presigned upload for a file entity; viktorlite's editor uploads files itself."""
        _same_workspace(workspace_id)
        raise NotImplementedError("API.generate_upload_url is not available in viktorlite: upload files in the editor")

    def create_child_entity(
        self,
        parent_entity_id: int,
        entity_type_name: str,
        name: str,
        *,
        params: Mapping[str, Any] | None = None,
        privileged: bool = False,
        workspace_id: int | None = None,
        **kwargs: Any,
    ) -> Entity:
        _same_workspace(workspace_id)
        return Entity(int(parent_entity_id)).create_child(entity_type_name, name, params=params)

    def set_entity_params(
        self,
        entity_id: int,
        params: Mapping[str, Any],
        *,
        privileged: bool = False,
        workspace_id: int | None = None,
    ) -> Entity:
        _same_workspace(workspace_id)
        return Entity(int(entity_id)).set_params(params)

    def rename_entity(
        self, entity_id: int, name: str, *, privileged: bool = False, workspace_id: int | None = None
    ) -> Entity:
        _same_workspace(workspace_id)
        return Entity(int(entity_id)).rename(name)

    def delete_entity(self, entity_id: int, *, privileged: bool = False, workspace_id: int | None = None) -> None:
        _same_workspace(workspace_id)
        Entity(int(entity_id)).delete()
