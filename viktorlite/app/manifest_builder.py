"""Build the manifest from an app's loaded controllers (worker side; store/manifest.py keeps it)."""

from __future__ import annotations

import inspect
from typing import Any

from viktorlite.app.config import AppConfigError
from viktorlite.app.loader import LoadedApp
from viktorlite.protocol.manifest import AppManifest, EntityTypeManifest
from viktorlite.protocol.schema import ParametrizationSchema
from viktorlite.sdk._app_structure import FileTypeSpec, params_from_file_spec
from viktorlite.sdk.core import Controller
from viktorlite.sdk.parametrization import default_params, schema_of
from viktorlite.sdk.parametrization.schema import buttons_of
from viktorlite.sdk.views import Summary, ViewSpec, view_spec_of


def view_specs(controller: type[Controller]) -> dict[str, ViewSpec]:
    """View methods of a controller, base classes first, in declaration order."""
    specs: dict[str, ViewSpec] = {}
    for klass in reversed(controller.__mro__):
        for name, value in vars(klass).items():
            spec = view_spec_of(value) if inspect.isfunction(value) else None
            if spec is not None:
                specs[name] = spec
    return specs


def file_type_spec(controller: type[Controller]) -> FileTypeSpec | None:
    """The ``@ParamsFromFile`` method of a controller, if it is a file entity type."""
    for klass in reversed(controller.__mro__):
        for value in vars(klass).values():
            spec = params_from_file_spec(value)
            if spec is not None:
                return spec
    return None


def summary_of(controller: type[Controller]) -> list[dict[str, Any]] | None:
    """``Controller.summary`` as JSON: where each of its (at most 6) values comes from."""
    summary = getattr(controller, "summary", None)
    return summary._to_json() if isinstance(summary, Summary) else None


def entity_type_manifest(name: str, controller: type[Controller]) -> EntityTypeManifest:
    parametrization = getattr(controller, "parametrization", None)
    schema = schema_of(parametrization)
    views = view_specs(controller)
    if any(callable(spec.visible) for spec in views.values()):
        schema["has_callbacks"] = True  # the callback job also decides which views show
    return EntityTypeManifest.model_validate(
        {
            "name": name,
            "label": getattr(controller, "label", None) or name,
            "parametrization": ParametrizationSchema.model_validate(schema),
            "default_params": default_params(parametrization),
            "views": [spec.to_json(method) for method, spec in views.items()],
            "summary": summary_of(controller),
            "buttons": buttons_of(schema),
            "children": list(getattr(controller, "children", None) or []),
            "show_children_as": getattr(controller, "show_children_as", None) or "Table",
            "file_type": spec.to_json() if (spec := file_type_spec(controller)) else None,
        }
    )


def _checked_entity_type(name: str, controller: type[Controller]) -> EntityTypeManifest:
    """The entity type's manifest; a load error that names the entity type when e.g. its
    ``parametrization`` is not one."""
    try:
        return entity_type_manifest(name, controller)
    except Exception as exc:
        raise AppConfigError(f"{name}: {exc}") from exc


def build_manifest(app: LoadedApp) -> AppManifest:
    """The app's manifest (publish it as ``model_dump(mode="json")``, see viktorlite.store.manifest)."""
    return AppManifest.model_validate(
        {
            "app": app.config.name,
            "app_type": app.config.app_type,
            "code_version": app.code_version,
            "entity_types": [_checked_entity_type(name, cls) for name, cls in app.entity_types.items()],
            "initial_entities": app.initial_entities,
            "job_settings": app.config.jobs.to_json(),
        }
    )
