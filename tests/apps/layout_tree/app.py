"""A tree app for the editor's layout (tests/browser/test_layout_ui.py): a site whose buildings are
listed as a table with summary columns, long labels, form buttons and a few views."""

import viktor as vkt


class SiteParametrization(vkt.Parametrization):
    reinforcement = vkt.NumberField("Reinforcement percentage of the main girders", suffix="%", default=1.2)
    characteristic = vkt.NumberField("Characteristic compressive strength", suffix="MPa", default=30)
    exposure = vkt.OptionField("Environmental exposure classification", options=["XC1", "XC2", "XS1"], default="XC1")
    check = vkt.ActionButton("Check the structure", method="check")
    defaults = vkt.SetParamsButton("Reset to defaults", method="reset")


class BuildingParametrization(vkt.Parametrization):
    floors = vkt.IntegerField("Floors", default=3)
    height = vkt.NumberField("Storey height", suffix="m", default=3.2)


class Site(vkt.Controller):
    label = "Site"
    children = ["Building"]
    show_children_as = "Table"
    parametrization = SiteParametrization

    @vkt.DataView("Summary")
    def summary(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Reinforcement", params.reinforcement, suffix="%")))

    def check(self, params, **kwargs):
        return None

    def reset(self, params, **kwargs):
        return vkt.SetParamsResult({"reinforcement": 1.2})


class Building(vkt.Controller):
    label = "Building"
    parametrization = BuildingParametrization
    summary = vkt.Summary(
        floors=vkt.SummaryItem("Number of floors above ground", float, "parametrization", "floors"),
        height=vkt.SummaryItem("Storey height", float, "parametrization", "height", suffix="m"),
    )

    @vkt.DataView("Floors")
    def floors(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Floors", params.floors)))


initial_entities = [
    vkt.InitialEntity(
        "Site",
        "Harbour quarter",
        children=[
            vkt.InitialEntity("Building", "Tower A", params={"floors": 10, "height": 3.4}),
            vkt.InitialEntity("Building", "Annex", params={"floors": 2, "height": 4.0}),
            vkt.InitialEntity("Building", "Car park", params={"floors": 5, "height": 2.8}),
        ],
    )
]
