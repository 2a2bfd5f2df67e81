"""An app whose code names nothing that needs numpy: its worker, and so every job, runs without numpy.

Its view reports whether numpy was loaded when the job started, then builds geometry through a name
the worker cannot see in the source (numpy is then imported by the job itself, on first use).
"""

import sys

import viktor as vkt


class Parametrization(vkt.Parametrization):
    n = vkt.NumberField("N", default=3)


class Plain(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Modules")
    def modules(self, params, **kwargs):
        at_start = "numpy" in sys.modules
        beam = getattr(vkt, "Square" + "Beam")(1, 2, 3).translate((params.n, 0, 0))
        return vkt.DataResult(
            vkt.DataGroup(
                at_start=vkt.DataItem("numpy at start", str(at_start)),
                after=vkt.DataItem("numpy after geometry", str("numpy" in sys.modules)),
                x=vkt.DataItem("x", float(beam.transformation[0][3])),
            )
        )
