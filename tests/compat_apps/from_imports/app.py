from viktor import UserException, ViktorController
from viktor.parametrization import AnalyseButton, NumberField, TextField, ToggleButton, ViktorParametrization
from viktor.result import SetParametersResult
from viktor.views import DataGroup, DataItem, DataResult, DataView


class Parametrization(ViktorParametrization):
    name_field = TextField("Name", default="Column C1")
    height = NumberField("Height", default=3.0)
    braced = ToggleButton("Braced", default=True)
    run = AnalyseButton("Check", method="run")


class ColumnController(ViktorController):
    label = "Column"
    parametrization = Parametrization(width=30)
    viktor_enforce_field_constraints = True
    viktor_convert_entity_field = True

    @DataView("Slenderness", duration_guess=1)
    def slenderness(self, params, **kwargs):
        factor = 0.7 if params.braced else 2.0
        return DataResult(DataGroup(DataItem("Buckling length", factor * params.height, suffix="m")))

    def run(self, params, **kwargs):
        if params.height > 100:
            raise UserException("Too tall")

    def reset(self, params, **kwargs):
        return SetParametersResult({"height": 3.0})
