"""A tree app: projects hold buildings; initial entities come from a dict and a JSON file."""

import viktor as vkt


class ProjectParametrization(vkt.Parametrization):
    client = vkt.TextField("Client")
    budget = vkt.NumberField("Budget", suffix="EUR")


class BuildingParametrization(vkt.Parametrization):
    floors = vkt.IntegerField("Floors", default=3)


class Project(vkt.Controller):
    label = "Project"
    children = ["Building"]
    show_children_as = "Cards"
    parametrization = ProjectParametrization


class Building(vkt.Controller):
    label = "Building"
    parametrization = BuildingParametrization

    @vkt.DataView("Floors")
    def floors(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Floors", params.floors)))


initial_entities = [
    vkt.InitialEntity(
        "Project",
        "Demo project",
        params="demo_project.json",
        children=[
            vkt.InitialEntity("Building", "Tower A", params={"floors": 10}),
            vkt.InitialEntity("Building", "Annex"),
        ],
    )
]
