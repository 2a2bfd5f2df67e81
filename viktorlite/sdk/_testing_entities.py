"""``viktor.testing``'s stand-ins for what ``viktor.api_v1`` returns: entities, their types, revisions, users, files."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from munch import Munch, munchify

from .api_v1 import Entity, FileResource
from .core import File
from .errors import EntityNotFoundError


class MockedEntityType:
    def __init__(self, name: str = "MockedEntityType", entity_type_id: int = 1) -> None:
        self.name = name
        self.id = entity_type_id


class MockedEntityRevision:
    def __init__(
        self, params: dict[str, Any] | Munch | None = None, created_date: datetime.datetime | None = None,
        entity_revision_id: int = 1,
    ) -> None:  # fmt: skip
        self.params = munchify(params or {})
        self.created_date = created_date or datetime.datetime(2000, 1, 1)
        self.id = entity_revision_id
        self.previous_revision_id = None


class MockedUser:
    def __init__(
        self, *, first_name: str = "John", last_name: str = "Doe", email: str = "john.doe@email.com",
        job_title: str = "Employee", user_id: int = 1,
    ) -> None:  # fmt: skip
        self.first_name, self.last_name, self.email, self.job_title, self.id = (
            first_name, last_name, email, job_title, user_id,
        )  # fmt: skip

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MockedFileResource:
    """A FileField value for tests; ``isinstance(x, FileResource)`` holds, as in the SDK."""

    def __init__(self, file: File | None = None, filename: str = "mocked_file.txt") -> None:
        self.file = file if file is not None else File.from_data("mocked content")
        self.filename = filename

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # noqa: D105 - the SDK's trick, so isinstance checks in apps pass
        return FileResource

    def open(self, encoding: str | None = None) -> Any:
        return self.file.open(encoding=encoding)

    def open_binary(self) -> Any:
        return self.file.open_binary()


class MockedEntityList(Sequence["MockedEntity"]):
    def __init__(self, entities: Sequence[MockedEntity], *, error: type[Exception] | None = None) -> None:
        self._entities = list(entities)
        self._error = error

    def _checked(self) -> list[MockedEntity]:
        if self._error is not None:
            raise self._error()
        return self._entities

    def __getitem__(self, index: Any) -> Any:
        return self._checked()[index]

    def __len__(self) -> int:
        return len(self._checked())

    def __iter__(self) -> Iterator[MockedEntity]:
        return iter(self._checked())


class MockedEntity:
    """An API entity for tests; every ``None`` argument means "absent" (no parent, no file, ...)."""

    def __init__(
        self, *, entity_id: int = 1, name: str = "Mocked Entity", entity_type: MockedEntityType | None = None,
        last_saved_params: dict[str, Any] | Munch | None = None, last_saved_summary: dict[str, Any] | None = None,
        get_file: File | None = None, parent: MockedEntity | None = None,
        children: Sequence[MockedEntity] | None = None, siblings: Sequence[MockedEntity] | None = None,
        revisions: Sequence[MockedEntityRevision] | None = None, invalid: bool = False, workspace_id: int = 1,
    ) -> None:  # fmt: skip
        self._id = entity_id
        self._name = name
        self._entity_type = entity_type or MockedEntityType()
        self._params = munchify(last_saved_params or {})
        self._summary = munchify(last_saved_summary or {})
        self._file = get_file
        self._parent = parent
        self._children = list(children or [])
        self._siblings = list(siblings or [])
        self._revisions = list(revisions or [])
        self.invalid = invalid
        self.workspace_id = workspace_id

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # noqa: D105
        return Entity

    def _check(self) -> None:
        if self.invalid:
            raise EntityNotFoundError(f"mocked entity {self._id} is invalid")

    @property
    def id(self) -> int:
        return self._id

    @property
    def name(self) -> str:
        self._check()
        return self._name

    @property
    def entity_type(self) -> MockedEntityType:
        self._check()
        return self._entity_type

    @property
    def last_saved_params(self) -> Munch:
        self._check()
        return self._params

    @property
    def last_saved_summary(self) -> Munch:
        self._check()
        return self._summary

    # As in the SDK, the methods take (and ignore) any further arguments an Entity method takes.

    def parent(self, *args: Any, **kwargs: Any) -> MockedEntity:
        self._check()
        if self._parent is None:
            raise EntityNotFoundError(f"mocked entity {self.id} has no parent")
        return self._parent

    def children(self, *args: Any, entity_type_names: Sequence[str] | None = None, **kwargs: Any) -> MockedEntityList:
        self._check()
        return MockedEntityList(_of_types(self._children, entity_type_names))

    def siblings(self, *args: Any, entity_type_names: Sequence[str] | None = None, **kwargs: Any) -> MockedEntityList:
        self._check()
        return MockedEntityList(_of_types(self._siblings, entity_type_names))

    def get_file(self, *args: Any, **kwargs: Any) -> File:
        self._check()
        if self._file is None:
            raise ValueError(f"mocked entity {self.id} has no file")
        return self._file

    def revisions(self, *args: Any, **kwargs: Any) -> list[MockedEntityRevision]:
        self._check()
        return self._revisions

    def create_child(
        self, entity_type_name: str, name: str, *args: Any, params: Any = None, **kwargs: Any
    ) -> MockedEntity:
        self._check()
        return MockedEntity(name=name, entity_type=MockedEntityType(entity_type_name), last_saved_params=params)

    def set_params(self, params: Any, *args: Any, **kwargs: Any) -> MockedEntity:
        self._check()
        return MockedEntity(entity_id=self.id, name=self._name, entity_type=self._entity_type, last_saved_params=params)

    def rename(self, name: str, *args: Any, **kwargs: Any) -> MockedEntity:
        self._check()
        return MockedEntity(entity_id=self.id, name=name, entity_type=self._entity_type, last_saved_params=self._params)

    def delete(self, *args: Any, **kwargs: Any) -> None:
        self._check()


def _of_types(entities: list[MockedEntity], names: Sequence[str] | None) -> list[MockedEntity]:
    return [e for e in entities if names is None or e.entity_type.name in names]
