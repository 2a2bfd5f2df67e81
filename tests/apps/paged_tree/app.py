"""A tree app for paged entity lists (tests/browser/test_entity_paging_ui.py): sites, each holding
buildings in a children table. The tests make hundreds of them through the API; nothing here runs a job
when one is made (no summaries)."""

import viktor as vkt


class SiteParametrization(vkt.Parametrization):
    area = vkt.NumberField("Area", suffix="m²", default=100)


class BuildingParametrization(vkt.Parametrization):
    floors = vkt.IntegerField("Floors", default=3)


class Site(vkt.Controller):
    label = "Site"
    children = ["Building"]
    show_children_as = "Table"
    parametrization = SiteParametrization


class Building(vkt.Controller):
    label = "Building"
    parametrization = BuildingParametrization


initial_entities = [vkt.InitialEntity("Site", "Zone")]  # a tree app needs one; the tests make the rest
