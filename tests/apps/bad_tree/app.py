"""A tree app with a wrong structure: Project lists a child type that does not exist."""

import viktor as vkt


class Project(vkt.Controller):
    children = ["Ghost"]


initial_entities = [vkt.InitialEntity("Project", "P")]
