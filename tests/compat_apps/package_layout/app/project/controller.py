import viktor as vkt


class Parametrization(vkt.Parametrization):
    client = vkt.TextField("Client", default="ACME")


class Controller(vkt.Controller):
    label = "Project"
    children = ["Beam"]
    show_children_as = "Table"
    parametrization = Parametrization

    @vkt.DataView("Overview", duration_guess=1)
    def overview(self, params, entity_id=None, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Client", params.client)))
