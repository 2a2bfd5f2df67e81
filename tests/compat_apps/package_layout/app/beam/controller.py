import viktor as vkt

from ..shared import section_modulus


class Parametrization(vkt.Parametrization):
    height = vkt.NumberField("Height", default=300, suffix="mm")
    width = vkt.NumberField("Width", default=150, suffix="mm")


class Controller(vkt.Controller):
    label = "Beam"
    parametrization = Parametrization

    @vkt.DataView("Section", duration_guess=1)
    def section(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("W", section_modulus(params.width, params.height))))
