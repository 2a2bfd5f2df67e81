"""A slow view first and a quick view second: entering the editor lands on the slow one (issue 17, item 2)."""

import viktor as vkt


class Parametrization(vkt.Parametrization):
    load = vkt.NumberField("Load", default=5)


class Beam(vkt.Controller):
    label = "Beam"
    parametrization = Parametrization

    @vkt.DataView("Analysis", duration_guess=10, update_label="Run analysis")
    def analysis(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Load", params.load)))

    @vkt.DataView("Summary", duration_guess=1)
    def summary(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Double", params.load * 2)))
