"""``api_v1.Entity`` and the records it hands out, read and written through the running job.

Every call goes to the app's :class:`~viktorlite.store.entities.EntityStore` in Redis, so what one job
changes (``set_params``, ``create_child``, ``rename``, ``delete``) is what the next job and the
editor see; the store announces each change, so open editors follow without a reload. Outside a
job every call fails with ``OSError`` ("Job token is not set"), as the platform's API does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar, overload

from munch import Munch, munchify

from viktorlite.jobs import context as job_context
from viktorlite.protocol.params_check import check_params, describe
from viktorlite.store.blobs import BlobStore
from viktorlite.store.entities import EntityNotFound, EntityRecord, EntityStore

from ._file import File
from ._stored_params import stored_params
from .errors import EntityCreateError, EntityDeleteError, EntityNotFoundError, EntityReviseError

__all__ = ["Entity", "EntityList", "EntityRevision", "EntityRevisionList", "EntityType", "EntityTypeList", "User"]

#: Author of the revisions a job writes.
JOB_AUTHOR = "app"
MAX_NAME_LENGTH = 200

T = TypeVar("T")


class _ReadOnlyList(Sequence[T], Generic[T]):
    """List-like (len, indexing with negatives and slices, iteration), as the SDK's lists are."""

    def __init__(self, items: list[T]) -> None:
        self._items = list(items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _ReadOnlyList):
            return self._items == other._items
        return isinstance(other, list) and self._items == other

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so never a dict key

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"


class _Record:
    """A value the API hands out: equal to another of its kind with the same fields, and shown by them
    (hashed by its ``id``, which every record has)."""

    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, getattr(self, "id", None)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"


class EntityType(_Record):
    """An entity type of the app: ``name`` is its entity type name (not its label).

    Made by the API (as in the SDK, whose first argument is the API connection; ``api`` is unused here).
    """

    _fields = ("id", "name")

    def __init__(self, api: Any, id_: int, class_name: str, **_kwargs: Any) -> None:
        self.id = id_
        self.name = class_name


class EntityRevision(_Record):
    """One saved revision: its params as the editor stored them, and when it was made."""

    _fields = ("id", "params", "created_date", "previous_revision_id")

    def __init__(
        self, api: Any, id_: int, params: Munch, created_date: datetime, previous_revision_id: int | None = None
    ) -> None:
        self.id = id_
        self.params = params
        self.created_date = created_date
        self.previous_revision_id = previous_revision_id


class User(_Record):
    """The user a job runs for; viktorlite runs locally for one user."""

    _fields = ("id", "first_name", "last_name", "email", "job_title")

    def __init__(
        self, api: Any, *, id_: int, first_name: str, last_name: str, email: str, job_title: str, **_kwargs: Any
    ) -> None:
        self.id = id_
        self.first_name = first_name
        self.last_name = last_name
        self.email = email
        self.job_title = job_title

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class EntityList(_ReadOnlyList["Entity"]):
    """Entities, as ``children()``, ``siblings()`` and the API's listing calls return them."""


class EntityRevisionList(_ReadOnlyList[EntityRevision]):
    """An entity's revisions, oldest first."""


class EntityTypeList(_ReadOnlyList[EntityType]):
    """The app's entity types, in the order the app declares them."""


# -- what every call needs ------------------------------------------------------------------------


def store() -> EntityStore:
    context = job_context.current()
    return EntityStore(context.connection, context.app)


def manifest_types() -> list[dict[str, Any]]:
    """The entity types of the app's published manifest (the job's worker published it)."""
    from viktorlite.store.manifest import read_manifest

    context = job_context.current()
    manifest = read_manifest(context.connection, context.app) or {}
    return list(manifest.get("entity_types") or [])


def entity_types() -> EntityTypeList:
    return EntityTypeList([EntityType(None, i, t["name"]) for i, t in enumerate(manifest_types(), start=1)])


def type_named(name: str) -> EntityType:
    for entity_type in entity_types():
        if entity_type.name == name:
            return entity_type
    return EntityType(None, 0, name)


@contextlib.contextmanager
def _not_found() -> Iterator[None]:
    try:
        yield
    except EntityNotFound as exc:
        raise EntityNotFoundError(str(exc)) from None


def _type_entry(name: str) -> dict[str, Any] | None:
    return next((t for t in manifest_types() if t["name"] == name), None)


def _checked_params(params: Any, entity_type: dict[str, Any], error: type[Exception]) -> dict[str, Any]:
    """``params`` in the stored form, type-checked against the entity type's parametrization."""
    if not isinstance(params, Mapping):
        raise error(f"params must be a dict, not {type(params).__name__}")
    try:
        stored = stored_params(params, "params")
    except (TypeError, ValueError) as exc:
        raise error(str(exc)) from None
    problems = check_params(entity_type.get("parametrization"), stored, constraints=False)
    if problems:
        raise error(f"{entity_type['name']}: {describe(problems)}")
    return dict(stored)


def _checked_name(name: Any, error: type[Exception]) -> str:
    if not isinstance(name, str) or not name.strip():
        raise error("name must be a non-empty string")
    if len(name.strip()) > MAX_NAME_LENGTH:
        raise error(f"name must have at most {MAX_NAME_LENGTH} characters")
    return name.strip()


def listed(records: list[EntityRecord], *, include_params: bool, entity_type_names: Sequence[str] | None) -> EntityList:
    """Entities for ``records`` (editor sessions left out), optionally filtered by type, params read at once."""
    wanted = set(entity_type_names) if entity_type_names is not None else None
    chosen = [r for r in records if r.session_id is None and (wanted is None or r.entity_type in wanted)]
    params = store().latest_params([r.id for r in chosen]) if include_params else {}
    return EntityList([Entity(r.id, record=r, params=params.get(r.id)) for r in chosen])


# -- the entity -----------------------------------------------------------------------------------


class Entity:
    """An entity of this app. Reads are fresh from Redis; writes are stored at once."""

    def __init__(
        self, entity_id: int, *, record: EntityRecord | None = None, params: dict[str, Any] | None = None
    ) -> None:
        self._id = entity_id
        self._record = record
        self._params = params

    def __repr__(self) -> str:
        return f"Entity(id={self._id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entity) and other._id == self._id

    def __hash__(self) -> int:
        return hash(("Entity", self._id))

    # -- reading ----------------------------------------------------------------------------------

    @property
    def id(self) -> int:
        return self._id

    @property
    def name(self) -> str:
        return self._load().name

    @property
    def entity_type(self) -> EntityType:
        return type_named(self._load().entity_type)

    @property
    def last_saved_params(self) -> Munch:
        if self._params is None:
            with _not_found():
                self._params = store().latest_revision(self._id).params
        params: Munch = munchify(self._params)
        return params

    @property
    def last_saved_summary(self) -> Munch:
        """The summary of the last saved revision: ``{key: {label, value, prefix, suffix}}``."""
        self._load()
        summary: Munch = munchify(store().summary(self._id))
        return summary

    def parent(self, *, privileged: bool = False) -> Entity:
        parent_id = self._load().parent_id
        if parent_id is None:
            raise EntityNotFoundError(f"entity {self._id} is at the top level: it has no parent")
        with _not_found():
            return Entity(parent_id, record=store().get(parent_id))

    def children(
        self,
        *,
        include_params: bool = True,
        entity_type_names: Sequence[str] | None = None,
        privileged: bool = False,
    ) -> EntityList:
        self._load()
        return listed(store().children(self._id), include_params=include_params, entity_type_names=entity_type_names)

    def siblings(
        self,
        *,
        include_params: bool = True,
        entity_type_names: Sequence[str] | None = None,
        privileged: bool = False,
    ) -> EntityList:
        record = self._load()
        others = [r for r in store().children(record.parent_id) if r.id != self._id]
        return listed(others, include_params=include_params, entity_type_names=entity_type_names)

    def revisions(self) -> EntityRevisionList:
        with _not_found():
            revisions = store().revisions(self._id)
        return EntityRevisionList(
            [
                EntityRevision(
                    None,
                    r.revision,
                    munchify(r.params),
                    datetime.fromisoformat(r.created_at),
                    revisions[i - 1].revision if i else None,
                )
                for i, r in enumerate(revisions)
            ]
        )

    def get_file(self) -> File:
        """The file this entity was created from (a file entity type), read lazily."""
        record = self._load()
        if record.file_id is None:
            raise ValueError(f"entity {self._id} ({record.entity_type}) has no file: it was not created from one")
        context = job_context.current()
        return File._from_blob(BlobStore(context.connection, context.app), record.file_id, context.app)

    # -- writing ----------------------------------------------------------------------------------

    def create_child(
        self,
        entity_type_name: str,
        name: str,
        *,
        params: Mapping[str, Any] | None = None,
        privileged: bool = False,
        **kwargs: Any,
    ) -> Entity:
        """A new child entity; its type must be one of this entity type's ``children``."""
        try:
            record = self._load()
        except EntityNotFoundError as exc:
            raise EntityCreateError(str(exc)) from None
        child_type = _type_entry(entity_type_name)
        if child_type is None:
            raise EntityCreateError(f"the app has no entity type {entity_type_name!r}")
        parent_type = _type_entry(record.entity_type) or {}
        if entity_type_name not in (parent_type.get("children") or []):
            raise EntityCreateError(f"a {record.entity_type} cannot hold a {entity_type_name} (see its children)")
        if child_type.get("file_type"):
            raise EntityCreateError(f"a {entity_type_name} is made from an uploaded file; it cannot be created here")
        checked_name = _checked_name(name, EntityCreateError)
        stored = child_type.get("default_params") or {}
        if params is not None:
            stored = _checked_params(params, child_type, EntityCreateError)
        try:
            created = store().create(entity_type_name, checked_name, stored, parent_id=self._id, author=JOB_AUTHOR)
        except EntityNotFound as exc:
            raise EntityCreateError(str(exc)) from None
        return Entity(created.id, record=created, params=stored)

    def set_params(self, params: Mapping[str, Any], *, privileged: bool = False) -> Entity:
        """Save ``params`` as a new revision (the whole params, as the editor's Save does)."""
        try:
            record = self._load()
        except EntityNotFoundError as exc:
            raise EntityReviseError(str(exc)) from None
        entity_type = _type_entry(record.entity_type) or {"name": record.entity_type}
        stored = _checked_params(params, entity_type, EntityReviseError)
        try:
            store().save_params(self._id, stored, author=JOB_AUTHOR)
        except EntityNotFound as exc:
            raise EntityReviseError(str(exc)) from None
        return Entity(self._id, record=record, params=stored)

    def rename(self, name: str, *, privileged: bool = False) -> Entity:
        checked = _checked_name(name, EntityReviseError)
        try:
            record = store().rename(self._id, checked)
        except EntityNotFound as exc:
            raise EntityReviseError(str(exc)) from None
        self._record = record
        return Entity(self._id, record=record)

    def delete(self, *, privileged: bool = False) -> None:
        """Delete this entity with its children and their Storage, as the editor's Delete does."""
        try:
            store().delete(self._id)
        except EntityNotFound as exc:
            raise EntityDeleteError(str(exc)) from None

    def compute(self, method_name: str, *, params: Mapping[str, Any], timeout: int | None = None) -> dict[str, Any]:
        raise NotImplementedError("Entity.compute is not available in viktorlite yet; call the method's logic directly")

    def _load(self) -> EntityRecord:
        if self._record is None:
            with _not_found():
                self._record = store().get(self._id)
        return self._record
