"""An editor app: every visit is a private session; Storage's session scope follows it."""

import viktor as vkt


class Parametrization(vkt.Parametrization):
    note = vkt.TextField("Note", default="")


class Calculator(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Notes")
    def notes(self, params, **kwargs):
        storage = vkt.Storage()
        if params.note:
            storage.set("note", vkt.File.from_data(params.note), scope="session")
        try:
            kept = storage.get("note", scope="session").getvalue("utf-8")
        except FileNotFoundError:
            kept = ""
        return vkt.DataResult(vkt.DataGroup(kept=vkt.DataItem("Kept note", kept)))
