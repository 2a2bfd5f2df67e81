"""Run methods of an app through the real SDK's own job handler, offline, and print how each ended.

The other half of tests/workers/test_runners_returned_values.py: run with the Python of a throwaway
environment holding the real SDK (tests/real_sdk.py). The SDK's handler (``viktor.core._handle_job``,
used as a black box) calls the method the way the platform's worker does and turns what it returned
into the answer the platform gets. Results that need the platform (a download is uploaded, a
@ParamsFromFile method's params are written to the entity) go to a small local stand-in of the
platform's HTTP API started here, which records what it was sent.

Usage: ``python job_handler_calls.py APP_DIR`` with a JSON list of cases on stdin, each
``{"entity_type": "Returns", "method": "DataView__none", "kind": "view|button|step|preprocess",
"params": {...}, "file": "text"}``; prints a JSON list of outcomes, each ``{"outcome": "error",
"error": "TypeError: ..."}``, ``{"outcome": "nothing"}`` or ``{"outcome": "result", "kind": "view"}``
(``set_params`` with its ``params``, ``download`` with its ``content`` or ``zip``, ``optimization``,
``preprocess`` with the params ``stored`` on the entity).
Only the standard library and the SDK are used.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import sys
import threading
import warnings
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Platform(ThreadingHTTPServer):
    """What the handler asks of the platform: temporary uploads and entity files and params."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.uploads: list[bytes] = []
        self.patches: list[Any] = []
        self.entity_file = b""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Platform

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def _answer(self, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_POST(self) -> None:
        body = self._body()
        if self.path.startswith("/upload/"):
            self.server.uploads.append(_multipart_file(body, self.headers.get("Content-Type", "")))
            self._answer(b"{}")
            return
        links = {"temporary_upload_url": f"{self.server.url}/upload/", "temporary_download_url": f"{self.server.url}/x"}
        self._answer(json.dumps(links).encode())

    def do_PATCH(self) -> None:
        self.server.patches.append(json.loads(self._body() or b"null"))
        entity = {"id": 1, "name": "e", "entity_type": 1, "entity_type_name": "e", "properties": {}, "parent": None}
        self._answer(json.dumps(entity).encode())

    def do_GET(self) -> None:
        if self.path.startswith("/file"):
            self._answer(self.server.entity_file, "application/octet-stream")
            return
        file_url = f"{self.server.url}/file"
        self._answer(json.dumps({"download_url": file_url, "temporary_download_url": file_url}).encode())


def _multipart_file(body: bytes, content_type: str) -> bytes:
    """The one file part of a multipart/form-data body."""
    boundary = content_type.split("boundary=", 1)[-1].encode()
    for part in body.split(b"--" + boundary):
        head, _, content = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            return content[: -len(b"\r\n")] if content.endswith(b"\r\n") else content
    return body


def _method_types(core: Any, controller: Any) -> dict[str, str]:
    """Each view and button method of the controller -> the method type the platform sends."""
    definition = core._get_entity_type_definition(controller)
    types = {view["controller_method"]: view["view_type"] for view in definition.get("views", [])}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item.get("method") and str(item.get("type", "")).endswith("-button"):
                types[item["method"]] = item["type"]
            for key in ("children", "fields", "items"):
                if isinstance(item.get(key), list):
                    walk(item[key])

    walk(definition.get("parametrization") or [])
    return types


def run_case(core: Any, module: Any, platform: Platform, case: dict[str, Any]) -> dict[str, Any]:
    controller = getattr(module, case["entity_type"])()
    kind = case["kind"]
    platform.uploads.clear()
    platform.patches.clear()
    platform.entity_file = str(case.get("file", "")).encode()
    if kind == "step":
        method_type = "step-next"
    elif kind == "preprocess":
        method_type = "preprocess"
    else:
        method_type = _method_types(core, controller).get(case["method"], "")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            returned = core._handle_job(
                controller,
                method_name=case["method"],
                method_type=method_type,
                workspace_id=1,
                params=case.get("params") or {},
                param_types={},
                entity_id=1,
                entity_name="e",
            )
    except Exception as exc:  # noqa: BLE001 - how the handler failed is the answer
        return {"outcome": "error", "error": f"{type(exc).__name__}: {exc}"}
    if returned is None:
        return {"outcome": "nothing"}
    return {"outcome": "result", **_described(returned, platform)}


#: The first key of the handler's answer -> the kind of result (13.x answers without the envelope key).
KINDS = {
    "set_params": "set_params",
    "parameters": "set_params",
    "download": "download",
    "url": "download",
    "optimization": "optimization",
    "input_columns": "optimization",
    "preprocess": "preprocess",
    "processed": "preprocess",
}


def _described(returned: Any, platform: Platform) -> dict[str, Any]:
    """What the handler answered, in the form tests/workers/test_runners_returned_values.py compares."""
    key = next(iter(returned), "") if isinstance(returned, dict) else ""
    kind = KINDS.get(key, "view")
    if kind == "set_params":
        params = returned[key]["parameters"] if key == "set_params" else returned[key]
        return {"kind": kind, "params": json.loads(json.dumps(params, default=repr))}
    if kind == "download":
        data = platform.uploads[-1] if platform.uploads else b""
        if data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return {"kind": kind, "zip": {n: archive.read(n).decode() for n in archive.namelist()}}
        return {"kind": kind, "content": data.decode()}
    if kind == "preprocess":
        stored = platform.patches[-1].get("properties") if platform.patches else None
        return {"kind": kind, "stored": stored}
    return {"kind": kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("app_dir")
    args = parser.parse_args()
    platform = Platform()
    threading.Thread(target=platform.serve_forever, daemon=True).start()
    os.environ["API_HOST"] = platform.url
    core = importlib.import_module("viktor.core")
    core._Context.job_token = "token"
    core._Context.workspace_id = 1
    sys.path.insert(0, os.path.abspath(args.app_dir))
    os.chdir(args.app_dir)
    module = importlib.import_module("app")
    cases = json.load(sys.stdin)
    print(json.dumps([run_case(core, module, platform, case) for case in cases]))
    platform.shutdown()


if __name__ == "__main__":
    main()
