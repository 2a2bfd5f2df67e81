from viktor.core import ViktorController
from viktor.parametrization import NumberField, ViktorParametrization
from viktor.views import DataGroup, DataItem, DataResult, DataView


class BeamParametrization(ViktorParametrization):
    width = NumberField("Width", default=200, suffix="mm", min=10)
    height = NumberField("Height", default=400, suffix="mm", min=10)


class Controller(ViktorController):
    label = "Beam"
    parametrization = BeamParametrization
    viktor_enforce_field_constraints = True
    viktor_convert_entity_field = True

    @DataView("Section", duration_guess=1)
    def section(self, params, **kwargs):
        area = params.width * params.height
        return DataResult(DataGroup(DataItem("Area", area, suffix="mm2")))
