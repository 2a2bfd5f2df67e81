import viktor as vkt

from .beam.controller import Controller as Beam  # noqa: F401 - bound here: entity type "Beam"
from .project.controller import Controller as Project  # noqa: F401

initial_entities = [
    vkt.InitialEntity("Project", name="Project A", children=[vkt.InitialEntity("Beam", name="Beam 1")]),
]
