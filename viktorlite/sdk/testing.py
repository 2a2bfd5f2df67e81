"""``viktor.testing``: what an app's own unit tests use to call controller code without a platform.

The mocks patch the *classes* (``API``, ``Storage``, the external stand-ins), not module names, so
they hold however the app imported them (``vkt.api_v1.API`` or ``from viktor.api_v1 import API``).
View and ``@ParamsFromFile`` methods are plain methods in viktorlite already, so ``mock_View`` and
``mock_ParamsFromFile`` only mark the test. See viktor_api.md §9A and docs/compatibility.md.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from typing import Any, TypeVar
from unittest import mock

from munch import Munch, munchify

from . import api_v1
from ._storage import Storage
from .api_v1 import Entity as Entity
from .api_v1 import EntityList as EntityList
from .api_v1 import EntityRevision as EntityRevision
from .api_v1 import EntityType as EntityType
from .api_v1 import FileResource as FileResource
from .api_v1 import User as User
from .core import File as File
from .core import ViktorController as ViktorController
from .errors import EntityCreateError as EntityCreateError
from .errors import EntityDeleteError as EntityDeleteError
from .errors import EntityNotFoundError as EntityNotFoundError
from .errors import EntityReviseError as EntityReviseError
from .geometry import GeoPoint, GeoPolygon, GeoPolyline
from .parametrization import Parametrization as Parametrization
from .parametrization.schema import _MISSING, _get_path, _set_munch_path, fields, top_items

__all__ = [
    "MockedEntity",
    "MockedEntityList",
    "MockedEntityRevision",
    "MockedEntityType",
    "MockedFileResource",
    "MockedUser",
    "mock_API",
    "mock_AutoCADConnection",
    "mock_Civil3DConnection",
    "mock_ETABSConnection",
    "mock_Excel",
    "mock_ParamsFromFile",
    "mock_SAP2000Connection",
    "mock_Storage",
    "mock_View",
    "mock_params",
]

F = TypeVar("F", bound=Callable[..., Any])


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


# -- mock_params ---------------------------------------------------------------------------------

_ENTITY_FIELDS = {"EntityOptionField", "ChildEntityOptionField", "SiblingEntityOptionField"}
_ENTITY_LISTS = {"EntityMultiSelectField", "ChildEntityMultiSelectField", "SiblingEntityMultiSelectField"}


def mock_params(
    params: dict[str, Any] | File,
    parametrization: Any,
    file_resources: dict[int, MockedFileResource] | None = None,
    entities: dict[int, MockedEntity] | None = None,
) -> Munch:
    """Plain (JSON) params as a controller receives them: only date, entity, geo and file values are converted."""
    plain = json.loads(params.getvalue()) if isinstance(params, File) else params
    result: Munch = munchify(dict(plain))
    files, known = file_resources or {}, entities or {}

    def entity(value: Any) -> Any:
        return None if value is None else known.get(value) or MockedEntity(entity_id=value)

    def file(value: Any) -> Any:
        return None if value is None else files.get(value) or MockedFileResource()

    converters: dict[str, Callable[[Any], Any]] = {
        "DateField": lambda v: v if v is None or isinstance(v, datetime.date) else datetime.date.fromisoformat(v),
        "GeoPointField": lambda v: v if v is None or isinstance(v, GeoPoint) else GeoPoint(v["lat"], v["lon"]),
        "GeoPolylineField": lambda v: v if v is None else GeoPolyline(*_points(v)),
        "GeoPolygonField": lambda v: v if v is None else GeoPolygon(*_points(v)),
        "FileField": file,
        "MultiFileField": lambda v: [file(x) for x in v or []],
        **{name: entity for name in _ENTITY_FIELDS},
        **{name: (lambda v: [entity(x) for x in v or []]) for name in _ENTITY_LISTS},
    }
    for path, field in fields(top_items(parametrization)):
        convert = converters.get(type(field).__name__)
        storage = field._storage(path)
        value = _get_path(result, storage)
        if convert is not None and value is not _MISSING:
            _set_munch_path(result, storage, convert(value))
    return result


def _points(value: Any) -> list[GeoPoint]:
    points = value.get("points", []) if isinstance(value, dict) else value
    return [p if isinstance(p, GeoPoint) else GeoPoint(p["lat"], p["lon"]) for p in points]


# -- decorators ----------------------------------------------------------------------------------


def mock_View(controller: type) -> Callable[[F], F]:  # noqa: N802 - the SDK's name
    """View methods are directly callable in viktorlite (they return their Result); kept for compatibility."""
    return lambda test: test


def mock_ParamsFromFile(controller: type) -> Callable[[F], F]:  # noqa: N802
    """``@ParamsFromFile`` methods are directly callable in viktorlite; kept for compatibility."""
    return lambda test: test


def _returner(value: Any, default: Callable[[], Any], what: str) -> Callable[..., Any]:
    """The SDK's rule: a sequence is consumed one item per call; one object is returned every time."""
    if value is None:
        return lambda *args, **kwargs: default()
    if isinstance(value, (list, tuple)):
        items = iter(value)

        def next_item(*args: Any, **kwargs: Any) -> Any:
            try:
                return next(items)
            except StopIteration:
                raise RuntimeError(f"{what} was called more often than the mock has items for") from None

        return next_item
    return lambda *args, **kwargs: value


def _patching(patches: Callable[[ExitStack], None]) -> Callable[[F], F]:
    def decorate(test: F) -> F:
        @functools.wraps(test)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with ExitStack() as stack:
                patches(stack)
                return test(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def mock_Storage(
    *, get: Sequence[File] | None = None, list: Sequence[dict[str, File]] | None = None
) -> Callable[[F], F]:  # noqa: A002, N802
    """``Storage().get``/``.list`` return these items in order; ``set`` and ``delete`` do nothing."""

    def patches(stack: ExitStack) -> None:
        stack.enter_context(mock.patch.object(Storage, "get", _unbound(_returner(get or [], File, "Storage.get"))))
        stack.enter_context(mock.patch.object(Storage, "list", _unbound(_returner(list or [], dict, "Storage.list"))))
        stack.enter_context(mock.patch.object(Storage, "set", lambda self, *a, **k: None))
        stack.enter_context(mock.patch.object(Storage, "delete", lambda self, *a, **k: None))

    return _patching(patches)


def _unbound(function: Callable[..., Any]) -> Callable[..., Any]:
    return lambda self, *args, **kwargs: function(*args, **kwargs)


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


def mock_Excel(  # noqa: N802
    get_named_cell_result: Any = None, get_direct_cell_result: Any = None, get_filled_template: Any = None
) -> Callable[[F], F]:
    """``viktor.external.excel.Excel`` executes instantly and answers from these results."""
    return _mock_program(
        "excel",
        "Excel",
        get_named_cell_result=get_named_cell_result,
        get_direct_cell_result=get_direct_cell_result,
        get_filled_template=get_filled_template,
    )


def _external_class(module: str, class_name: str) -> Any:
    """The stand-in class itself, so the patch holds however the app imported it."""
    import importlib

    return getattr(importlib.import_module(f".external.{module}", __package__), class_name)


def _output_files(files: dict[str, Any], what: str) -> Callable[..., Any]:
    """``get_output_file={'.shd': File, ...}``: the file for the extension (or filename) the app asks for."""

    def get_output_file(*args: Any, **kwargs: Any) -> Any:
        key = args[0] if args else kwargs.get("extension", kwargs.get("filename"))
        if key is None and len(files) == 1:
            return next(iter(files.values()))
        if key not in files:
            raise KeyError(f"{what}: the mock has no output file {key!r} (it has: {', '.join(map(str, files))})")
        return files[key]

    return get_output_file


def _mock_program(module: str, class_name: str, **results: Any) -> Callable[[F], F]:
    def patches(stack: ExitStack) -> None:
        program = _external_class(module, class_name)
        stack.enter_context(mock.patch.object(program, "execute", lambda self, *a, **k: None))
        for method, value in results.items():
            what = f"{class_name}.{method}"
            if method == "get_output_file" and isinstance(value, dict):
                answer = _unbound(_output_files(value, what))
            else:
                answer = _unbound(_returner(value, lambda: File.from_data("mocked content"), what))
            stack.enter_context(mock.patch.object(program, method, answer, create=True))

    return _patching(patches)


_OUTPUT = ("get_output_file",)
#: ``mock_<Program>Analysis(<getter>=None, ...)`` for each external analysis, with the getters the SDK's
#: mock takes: execute() does nothing, each getter answers from its argument.
_ANALYSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "SciaAnalysis": ("scia", ("get_engineering_report", "get_updated_esa_model", "get_xml_output_file")),
    "DSettlementAnalysis": ("dsettlement", ("get_output_file", "get_sld_file")),
    "DSheetPilingAnalysis": ("dsheetpiling", _OUTPUT),
    "DStabilityAnalysis": ("dstability", _OUTPUT),
    "DGeoStabilityAnalysis": ("dgeostability", _OUTPUT),
    "DFoundationsAnalysis": ("dfoundations", _OUTPUT),
    "GRLWeapAnalysis": ("grlweap", _OUTPUT),
    "IdeaRcsAnalysis": ("idea_rcs", ("get_output_file", "get_idea_rcs_file")),
    "RobotAnalysis": ("robot", ("get_model_file", "get_results")),
    "AxisVMAnalysis": ("axisvm", ("get_model_file", "get_result_file", "get_results")),
    "GenericAnalysis": ("generic", _OUTPUT),
    "MatlabAnalysis": ("matlab", _OUTPUT),
    "DynamoAnalysis": ("dynamo", _OUTPUT),
    "PythonAnalysis": ("python", _OUTPUT),
    "ETABSAnalysis": ("etabs", _OUTPUT),
    "PlaxisAnalysis": ("plaxis", _OUTPUT),
    "RevitAnalysis": ("revit", _OUTPUT),
    "SAP2000Analysis": ("sap2000", _OUTPUT),
    "TeklaAnalysis": ("tekla", _OUTPUT),
    "RFEMAnalysis": ("rfem", ("get_model", "get_result")),
}


def _analysis_mock(module: str, class_name: str, getters: tuple[str, ...]) -> Callable[..., Callable[[F], F]]:
    """``mock_<class_name>``: its signature is the getters (each ``=None``), and it takes only those."""
    signature = inspect.Signature(
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None) for name in getters]
    )

    def mocker(*args: Any, **kwargs: Any) -> Callable[[F], F]:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"mock_{class_name}(): {error}") from None
        return _mock_program(module, class_name, **bound.arguments)

    mocker.__name__ = mocker.__qualname__ = f"mock_{class_name}"
    mocker.__doc__ = f"``viktor.external.{module}.{class_name}`` executes instantly; its getters answer from these."
    mocker.__signature__ = signature  # type: ignore[attr-defined]
    return mocker


for _name, (_module, _getters) in _ANALYSES.items():
    globals()[f"mock_{_name}"] = _analysis_mock(_module, _name, _getters)
    __all__.append(f"mock_{_name}")


# -- connection mocks ----------------------------------------------------------------------------

ConnectionResults = dict[str, list[Any]] | Callable[[str, list[Any]], list[Any]] | None


class _MockedCall:
    """A method path on a mocked connection (``SapModel.FrameObj.GetNameList``): a call answers it."""

    def __init__(self, path: str, answer: Callable[[str, list[Any]], list[Any]]) -> None:
        self._path = path
        self._answer = answer

    def __getattr__(self, name: str) -> _MockedCall:
        if name.startswith("__"):
            raise AttributeError(name)
        return _MockedCall(f"{self._path}.{name}", self._answer)

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        return self._answer(self._path, [*args, *kwargs.values()])


def _connection_answer(results: ConnectionResults, what: str) -> Callable[[str, list[Any]], list[Any]]:
    """``results`` as one function of (method path, arguments): a dict is looked up by the full path,
    then by the method's own name; a callable is asked; None answers ``[]`` to everything."""
    if results is None:
        return lambda path, args: []
    if callable(results):
        return results
    if not isinstance(results, dict):
        raise TypeError(f"{what}: results must be a dict of method name to list, a callable or None")
    table = results

    def answer(path: str, args: list[Any]) -> list[Any]:
        for key in (path, path.rsplit(".", 1)[-1]):
            if key in table:
                return list(table[key])
        raise KeyError(f"{what}: the mock has no result for {path!r} (it has: {', '.join(table) or 'none'})")

    return answer


def _mock_connection(module: str, class_name: str, results: ConnectionResults) -> Callable[[F], F]:
    """The connection works as a context manager; every method call on it (at any depth) answers from ``results``."""
    answer = _connection_answer(results, f"mock_{class_name}")

    def attribute(self: Any, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _MockedCall(name, answer)

    def patches(stack: ExitStack) -> None:
        connection = _external_class(module, class_name)
        stack.enter_context(mock.patch.object(connection, "__getattr__", attribute, create=True))
        stack.enter_context(mock.patch.object(connection, "__enter__", lambda self: self, create=True))
        stack.enter_context(mock.patch.object(connection, "__exit__", lambda self, *exc: None, create=True))
        stack.enter_context(mock.patch.object(connection, "execute", lambda self, *a, **k: None, create=True))

    return _patching(patches)


def mock_ETABSConnection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.etabs.ETABSConnection`` answers each call from ``results`` (see :func:`_connection_answer`)."""
    return _mock_connection("etabs", "ETABSConnection", results)


def mock_SAP2000Connection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.sap2000.SAP2000Connection`` answers each call from ``results``."""
    return _mock_connection("sap2000", "SAP2000Connection", results)


def mock_AutoCADConnection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.autocad.AutoCADConnection`` answers each call from ``results``."""
    return _mock_connection("autocad", "AutoCADConnection", results)


def mock_Civil3DConnection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.civil3d.Civil3DConnection`` answers each call from ``results``."""
    return _mock_connection("civil3d", "Civil3DConnection", results)
