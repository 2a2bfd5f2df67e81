"""Jobs to replay with ``viktorlite replay``: one failing deep in app code, one using Storage, one reading an upload."""

import viktor as vkt


class Parametrization(vkt.Parametrization):
    divisor = vkt.NumberField("Divisor", default=0)
    note = vkt.TextField("Note", default="")
    drawing = vkt.FileField("Drawing", file_types=[".txt"])


def _share(total, divisor):
    return total / divisor  # a divisor of 0 fails here, one frame below the view


class Replay(vkt.Controller):
    label = "Replay"
    parametrization = Parametrization

    @vkt.DataView("Share")
    def share(self, params, **kwargs):
        total = 12
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Share", _share(total, params.divisor))))

    @vkt.DataView("Note")
    def note(self, params, **kwargs):
        """Keeps the note in Storage and reads it back, so a replay needs the job's Redis."""
        vkt.UserMessage.info(f"keeping {params.note!r}")
        storage = vkt.Storage()
        storage.set("note", vkt.File.from_data(params.note), scope="entity")
        kept = storage.get("note", scope="entity").getvalue("utf-8")
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Kept note", kept)))

    @vkt.DataView("Drawing")
    def drawing(self, params, **kwargs):
        text = params.drawing.file.getvalue("utf-8") if params.drawing else "none"
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Drawing", text)))
