"""``viktor.testing.mock_API``: every ``API()`` method answers from its argument (or a default mock)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock

from . import api_v1
from ._testing_entities import MockedEntity, MockedEntityList, MockedEntityRevision, MockedUser
from ._testing_patch import F, _patching, _returner, _unbound
from .core import File

_API_DEFAULTS: dict[str, Callable[[], Any]] = {
    "get_entity": MockedEntity,
    "create_child_entity": MockedEntity,
    "generate_upload_url": lambda: {"url": "https://example.invalid/upload", "fields": {}},
    "get_current_user": MockedUser,
    "get_entities_by_type": lambda: MockedEntityList([MockedEntity()]),
    "get_entity_children": lambda: MockedEntityList([MockedEntity()]),
    "get_entity_siblings": lambda: MockedEntityList([MockedEntity()]),
    "get_root_entities": lambda: MockedEntityList([MockedEntity()]),
    "get_entity_parent": MockedEntity,
    "get_entity_revisions": lambda: [MockedEntityRevision()],
    "get_entity_file": lambda: File.from_data("mocked content"),
    "rename_entity": MockedEntity,
    "set_entity_params": MockedEntity,
}


def mock_API(  # noqa: N802
    *,
    get_entity: Any = None,
    create_child_entity: Any = None,
    generate_upload_url: Any = None,
    get_current_user: Any = None,
    get_entities_by_type: Any = None,
    get_entity_children: Any = None,
    get_entity_siblings: Any = None,
    get_root_entities: Any = None,
    get_entity_parent: Any = None,
    get_entity_revisions: Any = None,
    get_entity_file: Any = None,
    rename_entity: Any = None,
    set_entity_params: Any = None,
) -> Callable[[F], F]:
    """Every ``API()`` method listed in viktor_api.md §9A answers from its argument (or a default mock)."""
    returns = {name: value for name, value in locals().items() if name in _API_DEFAULTS}

    def patches(stack: ExitStack) -> None:
        for method, default in _API_DEFAULTS.items():
            answer = _unbound(_returner(returns.get(method), default, f"API.{method}"))
            stack.enter_context(mock.patch.object(api_v1.API, method, answer, create=True))

    return _patching(patches)
