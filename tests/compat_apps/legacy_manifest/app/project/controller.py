from viktor.core import ViktorController
from viktor.parametrization import TextField, ViktorParametrization
from viktor.views import DataGroup, DataItem, DataResult, DataView


class ProjectParametrization(ViktorParametrization):
    client = TextField("Client", default="nobody")


class ProjectController(ViktorController):
    label = "Project"
    children = ["Beam"]
    show_children_as = "Cards"
    parametrization = ProjectParametrization
    viktor_convert_entity_field = True

    @DataView("Overview", duration_guess=1)
    def overview(self, params, **kwargs):
        return DataResult(DataGroup(DataItem("Client", params.client)))
