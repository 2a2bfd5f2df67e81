"""An app that probes what survives a job: Storage, memoize, module globals and local files.

Every view answers with one DataItem "json" holding a JSON object, so tests can read any shape.
"""

import datetime
import hashlib
import json
import os
import re
import tempfile
import uuid
from pathlib import Path

import viktor as vkt

HERE = Path(__file__).parent
#: Changed by a job; every job must see the import-time value again.
GLOBAL_STATE = {"changed_by": None}


class Parametrization(vkt.Parametrization):
    key = vkt.TextField("Key", default="k")
    text = vkt.TextField("Text", default="")
    scope = vkt.TextField("Scope", default="entity")
    prefix = vkt.TextField("Prefix", default="")
    other = vkt.NumberField("Other entity", default=None)
    token = vkt.TextField("Token", default="")
    mode = vkt.TextField("Mode", default="")
    n = vkt.NumberField("N", default=0)


def answer(**values):
    return vkt.DataResult(vkt.DataGroup(vkt.DataItem("json", json.dumps(values))))


def other_entity(params):
    return vkt.api_v1.Entity(int(params.other)) if params.other is not None else None


@vkt.memoize
def expensive(n, label="x"):
    return {"n": n, "label": label, "nonce": uuid.uuid4().hex, "pid": os.getpid(), "pair": (n, n + 1)}


@vkt.memoize
def echo(value):
    return {"value": value, "nonce": uuid.uuid4().hex}


class State(vkt.Controller):
    parametrization = Parametrization

    # -- Storage --------------------------------------------------------------------------------

    @vkt.DataView("Storage set")
    def storage_set(self, params, **kwargs):
        data = params.text if params.mode == "not a file" else vkt.File.from_data(params.text)
        vkt.Storage().set(params.key, data, scope=params.scope or "entity", entity=other_entity(params))
        return answer(ok=True)

    @vkt.DataView("Storage get")
    def storage_get(self, params, **kwargs):
        file = vkt.Storage().get(params.key, scope=params.scope or "entity", entity=other_entity(params))
        return answer(text=file.getvalue("utf-8"), source_type=file.source_type.name, writable=file.writable)

    @vkt.DataView("Storage list")
    def storage_list(self, params, **kwargs):
        found = vkt.Storage().list(
            prefix=params.prefix or None, scope=params.scope or "entity", entity=other_entity(params)
        )
        return answer(items={key: file.getvalue("utf-8") for key, file in found.items()})

    @vkt.DataView("Storage delete")
    def storage_delete(self, params, **kwargs):
        vkt.Storage().delete(params.key, scope=params.scope or "entity", entity=other_entity(params))
        return answer(ok=True)

    # -- memoize --------------------------------------------------------------------------------

    @vkt.DataView("Memoize")
    def memo(self, params, **kwargs):
        n = int(params.n or 0)
        if params.mode == "keyword":
            result = expensive(n=n, label="x")
        elif params.mode == "positional":
            result = expensive(n, "x")
        elif params.mode == "types":
            value = {
                "colour": vkt.Color(1, 2, 3),
                "day": datetime.date(2024, 2, 29),
                "moment": datetime.datetime(2024, 2, 29, 12, 30),
                "tuple": (1, (2, 3)),
                "nested": [{"a": None, "b": True, "c": 1.5}],
            }
            result = echo(value)
            value = result["value"]
            result["types"] = {
                "colour": type(value["colour"]).__name__,
                "day": type(value["day"]).__name__,
                "moment": type(value["moment"]).__name__,
                "tuple": type(value["tuple"]).__name__,
            }
            result["value"] = repr(value)
        elif params.mode == "bad argument":
            result = echo({"ok": [1, 2, {3, 4}]})
        else:
            result = expensive(n)
        return answer(**result)

    # -- statelessness and local disks ----------------------------------------------------------

    @vkt.DataView("Touch a global")
    def touch_global(self, params, **kwargs):
        before = dict(GLOBAL_STATE)
        GLOBAL_STATE["changed_by"] = params.token
        return answer(before=before, pid=os.getpid(), controller=id(self))

    @vkt.DataView("Journal")
    def journal(self, params, **kwargs):
        """Appends a token to a file on this worker's disk; returns what earlier jobs left there."""
        journal = Path("journal.txt")
        seen = journal.read_text().split() if journal.exists() else []
        with journal.open("a") as handle:
            handle.write(params.token + "\n")
        shipped = (HERE / "shipped.txt").read_text().strip()
        return answer(seen=seen, shipped=shipped, cwd=os.getcwd())

    @vkt.DataView("Portability")
    def portability(self, params, **kwargs):
        (HERE / "shipped.txt").read_text()  # Path(__file__)-relative read: fine
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as scratch:  # temp file: fine
            scratch.write("scratch")
        writable = vkt.File()  # a writable File lives in the temp dir: fine
        with writable.open() as handle:
            handle.write("x")
        os.environ["MPLCONFIGDIR"] = str(HERE.parent / f"mpl-{uuid.uuid4().hex}")
        import matplotlib  # a library writing its own cache outside the app and temp dirs: fine

        matplotlib.use("Agg")
        from matplotlib import pyplot

        figure = pyplot.figure()
        figure.savefig(Path(tempfile.gettempdir()) / "figure.png")
        Path("relative.txt").write_text("x")  # relative write: warned
        (HERE / "result.txt").write_text("x")  # absolute write next to the app: warned
        Path("numbers.txt").read_text()  # relative read: warned
        import numpy

        numpy.loadtxt("numbers.txt")  # relative read through a library: warned at this line
        return answer(ok=True)

    # -- large files ----------------------------------------------------------------------------

    @vkt.DataView("Big file")
    def big_file(self, params, **kwargs):
        """Round-trips ``n`` MiB through Storage, measuring this process's peak memory growth."""
        size = int(params.n) * (1 << 20)
        piece = 1 << 20
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak-RSS mark to the current RSS
        start_rss = memory_kib("VmRSS")
        path = Path(tempfile.gettempdir()) / f"big-{uuid.uuid4().hex}.bin"
        written = hashlib.sha256()
        with path.open("wb") as handle:
            for index in range(size // piece):
                chunk = index.to_bytes(8, "big") * (piece // 8)
                written.update(chunk)
                handle.write(chunk)
        storage = vkt.Storage()
        storage.set("big", vkt.File.from_path(path), scope="entity")
        path.unlink()
        stored = storage.get("big", scope="entity")
        read = hashlib.sha256()
        total = 0
        with stored.open_binary() as handle:
            while chunk := handle.read(piece):
                read.update(chunk)
                total += len(chunk)
            handle.seek(size // 2 + 5)
            middle = handle.read(8)
        expected_middle = ((size // 2) // piece).to_bytes(8, "big")
        expected_middle = (expected_middle * 2)[5:13]
        peak_growth = (memory_kib("VmHWM") - start_rss) * 1024
        storage.delete("big", scope="entity")
        return answer(
            size=size,
            total=total,
            same=written.hexdigest() == read.hexdigest(),
            middle_ok=middle == expected_middle,
            peak_growth=peak_growth,
        )

    # -- a horse slow to exit ---------------------------------------------------------------------

    @vkt.DataView("Stop before its exit")
    def stop_before_exit(self, params, **kwargs):
        """Its horse stops itself (SIGSTOP) just before its ``os._exit``, once RQ recorded the job's end."""
        import signal  # noqa: PLC0415 - here, so the lines above keep their numbers
        import sys  # noqa: PLC0415

        def stop_at_exit(frame, event, arg):
            # posix._exit itself: coverage, measuring the suite, puts a function of its own in os._exit.
            if event == "c_call" and (getattr(arg, "__module__", None), arg.__name__) == ("posix", "_exit"):
                os.kill(os.getpid(), signal.SIGSTOP)

        sys.setprofile(stop_at_exit)
        return answer(pid=os.getpid())


def memory_kib(field):
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+)", status).group(1))
