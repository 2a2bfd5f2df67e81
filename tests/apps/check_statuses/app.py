"""Every status `viktorlite check` reports: ok, user error, app error, timeout, unsupported."""

import time

import viktor as vkt


class Parametrization(vkt.Parametrization):
    size = vkt.NumberField("Size", default=2)
    go = vkt.ActionButton("Go", method="go")


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Fine")
    def fine(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("size", params.size)))

    @vkt.DataView("Refused")
    def refused(self, params, **kwargs):
        raise vkt.UserError("size too small", input_violations=[vkt.InputViolation("too small", fields=["size"])])

    @vkt.DataView("Crashes")
    def crashes(self, params, **kwargs):
        return {"size": params.size / 0}

    @vkt.DataView("Slow")
    def slow(self, params, **kwargs):
        time.sleep(30)

    @vkt.DataView("Needs SCIA")
    def scia(self, params, **kwargs):
        vkt.scia.SciaAnalysis(input_file=vkt.File.from_data("x"), xml_def_file=None, scia_model=None).execute()

    def go(self, params, **kwargs):
        pass
