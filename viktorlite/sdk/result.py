"""``viktor.result``: what button methods return (viktor_api.md §5), and its JSON for the editor.

A DownloadResult's file goes to the blob store (the browser downloads it over HTTP); the others are
plain JSON. :func:`serialize_button_result` is the counterpart of ``views.serialize_result``.
"""

from __future__ import annotations

import importlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._deprecated import Removed, removed_names
from ._result_io import BlobSink, MemoryBlobSink, SerializeContext, read_bytes
from ._stored_params import stored_params
from ._views_results import ImageResult as _ImageResult
from ._views_results import image_blob

# Names the SDK's result module exposes too.
from .api_v1 import API as API
from .api_v1 import ChatConversation as ChatConversation
from .core import File as File

__all__ = [
    "ChatResult",
    "DownloadResult",
    "OptimisationResult",
    "OptimisationResultElement",
    "OptimizationResult",
    "OptimizationResultElement",
    "SetParametersResult",
    "SetParamsResult",
]

_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f/\\\u2028\u2029]")


def sanitize_file_name(name: str) -> str:
    """Only what is unsafe anywhere becomes ``_``: control characters and path separators.

    The name keeps its spaces, brackets and letters (``"my file (1).txt"`` stays so); the SDK 14.36.2
    also replaces brackets and punctuation, but a user expects the name they gave (the web process
    encodes it for the header, RFC 6266 / 5987)."""
    cleaned = _UNSAFE_NAME_CHARS.sub("_", str(name))
    return cleaned if cleaned.strip(".") else "download"


def _zip_entry_name(name: str) -> str:
    """A relative name inside the zip: no absolute paths, no ``..``, forward slashes only."""
    parts = [p for p in str(name).replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "file"


class _ButtonResult:
    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        raise NotImplementedError


class DownloadResult(_ButtonResult):
    """One file for the browser to download, or several bundled into one zip (``zipped_files``)."""

    def __init__(
        self,
        file_content: Any = None,
        file_name: str | None = None,
        encoding: str = "utf-8",
        *,
        zipped_files: Mapping[str, Any] | None = None,
    ) -> None:
        if file_content is not None and zipped_files is not None:
            raise ValueError("DownloadResult takes file_content or zipped_files, not both")
        if file_content is None and zipped_files is None:
            raise ValueError("DownloadResult needs file_content or zipped_files")
        if not file_name:  # as the SDK: a download always has a name
            raise ValueError("DownloadResult needs a file_name")
        self.file_content = file_content
        self.file_name = file_name
        self.encoding = encoding
        self.zipped_files = dict(zipped_files) if zipped_files is not None else None

    def _bytes(self) -> bytes:
        if self.zipped_files is None:
            return read_bytes(self.file_content, "DownloadResult file_content", self.encoding)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.zipped_files.items():
                if isinstance(content, (str, bytes, bytearray)):  # the SDK zips files and file objects only
                    raise TypeError(
                        f"DownloadResult zipped file {name!r}: a File or BytesIO/StringIO, not {type(content).__name__}"
                    )
                archive.writestr(_zip_entry_name(name), read_bytes(content, f"DownloadResult zipped file {name!r}"))
        return buffer.getvalue()

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        default = "download.zip" if self.zipped_files is not None else "download"
        name = sanitize_file_name(self.file_name or default)
        content_type = "application/zip" if self.zipped_files is not None else "application/octet-stream"
        return {"type": "DownloadResult", "file": ctx.blob(self._bytes(), content_type=content_type, filename=name)}


def _check_params(params: Any, owner: str) -> dict[str, Any]:
    if not isinstance(params, Mapping):
        raise TypeError(f"{owner} expects params as a dict, got {type(params).__name__}")
    return dict(params)


class SetParamsResult(_ButtonResult):
    """Params to merge into the editor's inputs; fields not named keep their values."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self.params = _check_params(params, "SetParamsResult")

    def get(self, key: str) -> Any:
        return self.params.get(key)

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {"type": "SetParamsResult", "params": stored_params(self.params, "params")}


SetParametersResult = SetParamsResult


class OptimizationResultElement:
    """One candidate: a complete params set and the analysis results shown beside it."""

    def __init__(self, params: Mapping[str, Any], analysis_result: Mapping[str, Any] | None = None) -> None:
        self.params = _check_params(params, "OptimizationResultElement")
        self.analysis_result = dict(analysis_result or {})


OptimisationResultElement = OptimizationResultElement


class OptimizationResult(_ButtonResult):
    """Candidates shown as a table (chosen input columns plus output columns); picking one sets its params."""

    def __init__(
        self,
        results: list[OptimizationResultElement],
        result_column_names_input: list[str] | None = None,
        output_headers: Mapping[str, str] | None = None,
        image: _ImageResult | None = None,
    ) -> None:
        for element in results:
            if not isinstance(element, OptimizationResultElement):
                raise TypeError(f"OptimizationResult holds OptimizationResultElements, got {type(element).__name__}")
        if image is not None and not isinstance(image, _ImageResult):
            raise TypeError(f"OptimizationResult image must be an ImageResult, got {type(image).__name__}")
        self.results = list(results)
        self.result_column_names_input = list(result_column_names_input or [])
        self.output_headers = dict(output_headers or {})
        self.image = image

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        image = None
        if self.image is not None:
            image = image_blob(read_bytes(self.image.image, "OptimizationResult image"), ctx, "OptimizationResult")
        return {
            "type": "OptimizationResult",
            "input_columns": [str(c) for c in self.result_column_names_input],
            "output_headers": [{"key": str(k), "title": str(v)} for k, v in self.output_headers.items()],
            "rows": [
                {
                    "params": stored_params(e.params, f"results[{i}].params"),
                    "analysis_result": stored_params(e.analysis_result, f"results[{i}].analysis_result"),
                }
                for i, e in enumerate(self.results)
            ],
            "image": image,
        }


OptimisationResult = OptimizationResult


class ChatResult(_ButtonResult):
    """The answer of a Chat field's method: text, or an iterable of text chunks."""

    def __init__(self, conversation: Any, response: str | Iterable[str]) -> None:
        self.conversation = conversation
        self.response = response

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        text = self.response if isinstance(self.response, str) else "".join(str(c) for c in self.response)
        return {"type": "ChatResult", "response": text}


class ViktorResult(_ButtonResult):
    """The SDK's older envelope around one button result: it serialises as the result it holds."""

    def __init__(
        self,
        optimisation_result: OptimizationResult | None = None,
        set_parameters_result: SetParamsResult | None = None,
        download_result: DownloadResult | None = None,
        *,
        optimization_result: OptimizationResult | None = None,
        set_params_result: SetParamsResult | None = None,
    ) -> None:
        given = [
            result
            for result in (
                optimization_result or optimisation_result,
                set_params_result or set_parameters_result,
                download_result,
            )
            if result is not None
        ]
        if len(given) > 1:
            raise ValueError("ViktorResult holds one result: an optimization, a set-params or a download result")
        self.result: _ButtonResult | None = given[0] if given else None

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        if self.result is None:
            raise ValueError("ViktorResult holds no result")
        return self.result._to_json(ctx)


def serialize_button_result(
    result: Any,
    sink: BlobSink | None = None,
    *,
    max_bytes: int | None = None,
) -> dict[str, Any] | None:
    """The JSON form of a button method's return value (None for a button that returns nothing)."""
    if result is None:
        return None
    if not isinstance(result, _ButtonResult):
        raise TypeError(f"a {type(result).__name__} is not a button result")
    ctx = SerializeContext(sink if sink is not None else MemoryBlobSink())
    payload = result._to_json(ctx)
    try:
        size = len(json.dumps(payload, allow_nan=False).encode("utf-8")) + ctx.blob_bytes
    except (TypeError, ValueError) as error:
        raise ValueError(f"{type(result).__name__} holds a value that is not JSON: {error}") from None
    if max_bytes is not None and size > max_bytes:
        raise ValueError(f"{type(result).__name__} is {size} bytes, over the result size limit of {max_bytes} bytes")
    return payload


def _image_result(name: str) -> Callable[[], Any]:
    return lambda: getattr(importlib.import_module("._views_legacy", __package__), name)


# The image results 13.x re-exported here (they live in viktor.views, where 14.x keeps ImageResult).
_REMOVED: Removed = {
    "ImageResult": ("viktor.views.ImageResult", lambda: _ImageResult),
    **{name: ("viktor.views.ImageResult", _image_result(name)) for name in ("JPGResult", "PNGResult", "SVGResult")},
}
__getattr__ = removed_names(__name__, _REMOVED)
