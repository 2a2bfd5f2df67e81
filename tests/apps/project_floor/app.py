"""Two entity types for the ``viktor.api_v1`` tests in the test process: a Project whose children are Floors."""

import viktor as vkt


class FloorParametrization(vkt.Parametrization):
    area = vkt.NumberField("Area", default=100)


class Project(vkt.Controller):
    label = "Project"
    children = ["Floor"]
    parametrization = vkt.Parametrization


class Floor(vkt.Controller):
    label = "Floor"
    parametrization = FloorParametrization


initial_entities = [vkt.InitialEntity("Project", "Demo")]  # a tree app has at least one
