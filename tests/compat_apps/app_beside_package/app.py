"""The entry point is app.py; the app/ package beside it holds the helpers, imported as `app.…`."""

import viktor as vkt
from app import units
from app.sections import rectangle


class Parametrization(vkt.Parametrization):
    width = vkt.NumberField("Width", default=200, suffix="mm")
    height = vkt.NumberField("Height", default=400, suffix="mm")


class Controller(vkt.Controller):
    label = "Section"
    parametrization = Parametrization

    @vkt.DataView("Section properties", duration_guess=1)
    def properties(self, params, **kwargs):
        area, modulus = rectangle(params.width, params.height)
        return vkt.DataResult(
            vkt.DataGroup(
                vkt.DataItem("A", area, suffix=units.AREA),
                vkt.DataItem("W", modulus, suffix=units.MODULUS),
            )
        )
