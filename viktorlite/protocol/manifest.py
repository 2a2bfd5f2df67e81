"""The published manifest: everything the web process may know about an app without importing it.

A worker builds it from the loaded app (viktorlite.app.manifest_builder) or, when the app fails to
load, publishes the load error instead; the web process validates it when it reads it from Redis
(docs/protocol.md, "Manifest"). Both forms are closed (``extra="forbid"``): writer and reader
are the same code, so a key the builder adds without declaring it here is a bug a test shows at
once, not something a reader silently drops.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter

from viktorlite.protocol.schema import ButtonType, Constraint, InteractionSpec, Number, ParametrizationSchema


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ViewEntry(_Closed):
    """A view method of an entity type."""

    method: str
    type: str = Field(description="the view decorator: DataView, PlotlyView, GeometryView, ...")
    label: str
    duration_guess: Number = 1
    update_label: str | None = None
    description: str | None = None
    visible: Constraint = Field(default=True, description='true/false, or {"dynamic": true} for a callback')
    options: dict[str, Any] | None = Field(default=None, description="GeometryView only: how the model is shown")


class SummaryEntry(_Closed):
    """One ``SummaryItem`` of ``Controller.summary``: where its value comes from."""

    key: str
    label: str
    item_type: Literal["str", "float"]
    source: str = Field(description='"parametrization" or the method of a quick DataView')
    value_path: str
    prefix: str | None = None
    suffix: str | None = None


class ButtonEntry(_Closed):
    """A button of the parametrization: what ``POST /api/entities/{id}/jobs`` may run by method name."""

    method: str
    type: ButtonType
    ui_name: str
    longpoll: bool
    path: str
    interaction: InteractionSpec | None = None


class FileTypeEntry(_Closed):
    """A file entity type's ``@ParamsFromFile`` method and what files it takes."""

    method: str
    max_size: int | None = None
    file_types: list[str] | None = None


class EntityTypeManifest(_Closed):
    name: str
    label: str
    parametrization: ParametrizationSchema
    default_params: dict[str, Any]
    views: list[ViewEntry]
    summary: list[SummaryEntry] | None = None
    buttons: list[ButtonEntry]
    children: list[str] = Field(default_factory=list)
    show_children_as: Literal["Table", "Cards"] = "Table"
    file_type: FileTypeEntry | None = None


class InitialEntity(_Closed):
    """An entity the app creates at start (``initial_entities`` or a legacy manifest's ``entities``)."""

    entity_type: str
    name: str
    params: dict[str, Any]
    show_on_dashboard: bool | None = None
    use_as_start_page: bool | None = None
    children: list[InitialEntity] = Field(default_factory=list)


class JobSettingsEntry(_Closed):
    """``[viktorlite]`` job settings of ``viktor.config.toml``, read by the web process when it queues jobs."""

    timeout: int
    memory_mb: int
    timeouts: dict[str, int]
    retry_safe: list[str]
    disk_mb: int | None = None  # absent in manifests written before the disk limit existed


class AppManifest(_Closed):
    """The manifest of an app that loaded."""

    app: str
    app_type: str | None = None
    code_version: str | None = Field(description="sha1 of the app's .py files")
    entity_types: list[EntityTypeManifest]
    initial_entities: list[InitialEntity] = Field(default_factory=list)
    job_settings: JobSettingsEntry | None = None
    version: str | None = Field(default=None, description="set when published; changes with the manifest")


class LoadError(_Closed):
    """Why the app failed to load, pointing at its file and line when it can."""

    message: str
    traceback: str
    file: str | None = Field(description="relative to the app folder")
    line: int | None


class LoadErrorManifest(_Closed):
    """Published instead of the app's manifest when it fails to load: every job is then refused."""

    app: str
    app_type: str | None = None
    code_version: None = None
    entity_types: list[EntityTypeManifest] = Field(max_length=0)
    error: LoadError
    version: str | None = None


def _form(value: Any) -> str:
    has_error = ("error" in value) if isinstance(value, dict) else getattr(value, "error", None) is not None
    return "load_error" if has_error else "app"


#: What ``viktorlite:{app}:manifest`` holds: an app's manifest or its load error.
PublishedManifest = Annotated[
    Annotated[AppManifest, Tag("app")] | Annotated[LoadErrorManifest, Tag("load_error")],
    Discriminator(_form),
]
MANIFEST: TypeAdapter[AppManifest | LoadErrorManifest] = TypeAdapter(PublishedManifest)

InitialEntity.model_rebuild()
