"""An app whose code names a viktor.geometry object: its worker imports numpy once, for every job."""

import sys

import viktor as vkt


class Parametrization(vkt.Parametrization):
    n = vkt.NumberField("N", default=3)


class Shapes(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Modules")
    def modules(self, params, **kwargs):
        at_start = "numpy" in sys.modules
        point = vkt.Point(params.n, 0, 0)
        return vkt.DataResult(
            vkt.DataGroup(
                at_start=vkt.DataItem("numpy at start", str(at_start)),
                x=vkt.DataItem("x", float(point.x)),
            )
        )
