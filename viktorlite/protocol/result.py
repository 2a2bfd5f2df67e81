"""The result envelope: what a job's method returned, as JSON, told apart by its ``type``.

Runners in the worker produce it (through the SDK's result serialisers), the job's outcome carries
it, and the API returns it in ``GET /api/jobs/{id}`` (docs/protocol.md, "Results"). Binary parts
are :class:`BlobRef` s into the blob store.

Every result type is one model and :data:`RESULT` reads any of them by its ``type`` (a
discriminated union). The envelopes are open (``extra="allow"``) where the closed messages are
not: results are stored with their outcome for 24 h and read back by web processes that may run
another version during an upgrade, and what is inside a figure, a table or a map belongs to the
SDK's serialisers and the browser's renderers. A tolerant reader keeps such results readable; the
writer is held to the declared keys by tests (``tests/protocol/test_messages.py``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from viktorlite.protocol.schema import Number


class BlobRef(BaseModel):
    """A binary part of a result, fetched from ``GET /api/blobs/{blob}``."""

    model_config = ConfigDict(extra="forbid")

    blob: str
    content_type: str
    size: int
    filename: str | None = None


class _Result(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str


class DataItem(BaseModel):
    """One item of a DataResult (a ``DataItem`` of the SDK), with its subgroup."""

    model_config = ConfigDict(extra="allow")

    key: str | None = None
    label: str
    value: Any = None
    prefix: str = ""
    suffix: str = ""
    number_of_decimals: int | None = None
    status: Literal["info", "success", "warning", "error"] = "info"
    status_message: str = ""
    explanation_label: str = ""
    subgroup: list[DataItem] | None = None


class _WithData(_Result):
    data: list[DataItem]


# -- view results ------------------------------------------------------------------------------------


class DataResult(_WithData):
    type: Literal["DataResult"]


class PlotlyResult(_Result):
    type: Literal["PlotlyResult"]
    figure: dict[str, Any] = Field(description="the plotly figure as a JSON object")


class PlotlyAndDataResult(_WithData):
    type: Literal["PlotlyAndDataResult"]
    figure: dict[str, Any]


class ImageResult(_Result):
    type: Literal["ImageResult"]
    image: BlobRef


class ImageAndDataResult(_WithData):
    type: Literal["ImageAndDataResult"]
    image: BlobRef


class PDFResult(_Result):
    type: Literal["PDFResult"]
    url: str | None = None
    file: BlobRef | None = None


class WebResult(_Result):
    type: Literal["WebResult"]
    url: str | None = None
    html: BlobRef | None = None


class WebAndDataResult(_WithData):
    type: Literal["WebAndDataResult"]
    url: str | None = None
    html: BlobRef | None = None


class TableResult(_Result):
    type: Literal["TableResult"]
    columns: list[dict[str, Any]]
    column_headers: bool
    row_headers: list[dict[str, Any]] | None = None
    rows: list[list[dict[str, Any]]]
    sorting_and_filtering: bool
    column_autosizing: bool
    show_index: bool
    index_header: dict[str, Any] | None = None


class GeometryResult(_Result):
    type: Literal["GeometryResult"]
    model: BlobRef
    format: Literal["glb", "gltf"]
    names: list[str] = Field(description="selectable node names")
    labels: list[dict[str, Any]]


class GeometryAndDataResult(_WithData):
    type: Literal["GeometryAndDataResult"]
    model: BlobRef
    format: Literal["glb", "gltf"]
    names: list[str]
    labels: list[dict[str, Any]]


class _MapFields(_Result):
    geojson: dict[str, Any] = Field(description="a GeoJSON FeatureCollection")
    labels: list[dict[str, Any]]
    legend: list[dict[str, Any]] | None = None
    interaction_groups: dict[str, list[int | str]]


class MapResult(_MapFields):
    type: Literal["MapResult"]


class MapAndDataResult(_MapFields):
    type: Literal["MapAndDataResult"]
    data: list[DataItem]


class GeoJSONResult(_MapFields):
    type: Literal["GeoJSONResult"]


class GeoJSONAndDataResult(_MapFields):
    type: Literal["GeoJSONAndDataResult"]
    data: list[DataItem]


# -- button results ----------------------------------------------------------------------------------


class DownloadResult(_Result):
    type: Literal["DownloadResult"]
    file: BlobRef


class SetParamsResult(_Result):
    type: Literal["SetParamsResult"]
    params: dict[str, Any] = Field(description="params in stored form")


class OptimizationRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    params: dict[str, Any]
    analysis_result: dict[str, Any] | None = None


class OptimizationResult(_Result):
    type: Literal["OptimizationResult"]
    input_columns: list[str] = Field(description="dotted params paths")
    output_headers: list[dict[str, str]]
    rows: list[OptimizationRow]
    image: BlobRef | None = None


class ActionResult(_Result):
    """An ActionButton's method ran (whatever it returned is ignored)."""

    type: Literal["ActionResult"]


class ChatResult(_Result):
    type: Literal["ChatResult"]
    response: str


# -- results of the runtime's own jobs ---------------------------------------------------------------


class CallbackWarning(BaseModel):
    model_config = ConfigDict(extra="allow")

    path: str
    attribute: str
    message: str


class CallbackResult(_Result):
    """Every dynamic attribute that needs Python: ``{path: {attribute: value or {"per_row": [...]}}}``."""

    type: Literal["CallbackResult"]
    values: dict[str, dict[str, Any]]
    warnings: list[CallbackWarning]


class StepResult(_Result):
    type: Literal["StepResult"]
    step: str


class SummaryValue(BaseModel):
    model_config = ConfigDict(extra="allow")

    label: str
    item_type: Literal["str", "float"]
    prefix: str | None = None
    suffix: str | None = None
    value: str | Number | None = None
    error: str | None = None


class SummaryResult(_Result):
    type: Literal["SummaryResult"]
    revision: int
    items: dict[str, SummaryValue]
    replay: str | None = Field(default=None, description="set by `viktorlite replay`: why nothing was stored")


class UploadResult(_Result):
    type: Literal["UploadResult"]
    entity: dict[str, Any] | None = Field(default=None, description="the entity made from the file")
    params: dict[str, Any] | None = Field(default=None, description="replay only: the params the file gave")
    replay: str | None = None


#: Any job's result, told apart by ``type``.
Result = Annotated[
    DataResult
    | PlotlyResult
    | PlotlyAndDataResult
    | ImageResult
    | ImageAndDataResult
    | PDFResult
    | WebResult
    | WebAndDataResult
    | TableResult
    | GeometryResult
    | GeometryAndDataResult
    | MapResult
    | MapAndDataResult
    | GeoJSONResult
    | GeoJSONAndDataResult
    | DownloadResult
    | SetParamsResult
    | OptimizationResult
    | ActionResult
    | ChatResult
    | CallbackResult
    | StepResult
    | SummaryResult
    | UploadResult,
    Field(discriminator="type"),
]
RESULT: TypeAdapter[Any] = TypeAdapter(Result)


class EncodedResult(dict[str, Any]):
    """A result's JSON object with the text it was encoded to once (``json_text``): the worker stores
    that text in the outcome as it is, instead of copying and encoding a large figure again."""

    json_text: str

    def __init__(self, value: dict[str, Any], json_text: str) -> None:
        super().__init__(value)
        self.json_text = json_text


def result_json(result: BaseModel) -> dict[str, Any]:
    """A result model as the outcome stores it: only the keys it was given (none added as null)."""
    return result.model_dump(mode="json", exclude_unset=True)


DataItem.model_rebuild()
