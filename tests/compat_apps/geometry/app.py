from viktor import Color, Controller, Parametrization
from viktor.geometry import Extrusion, Group, Line, Material, Point, SquareBeam
from viktor.parametrization import IntegerField, NumberField
from viktor.views import GeometryResult, GeometryView


class Params(Parametrization):
    floors = IntegerField("Floors", default=3, min=1, max=20)
    height = NumberField("Floor height", default=3.2)


class Building(Controller):
    parametrization = Params

    @GeometryView("3D", duration_guess=1, x_axis_to_right=True)
    def model(self, params, **kwargs):
        concrete = Material("Concrete", color=Color(180, 180, 180))
        floors = []
        for i in range(params.floors):
            slab = SquareBeam(10, 10, 0.3, material=concrete, identifier=f"floor {i}")
            floors.append(slab.translate((0, 0, i * params.height)))
        profile = [Point(0, 0), Point(0.4, 0), Point(0.4, 0.4), Point(0, 0.4), Point(0, 0)]
        column = Extrusion(profile, Line(Point(0, 0, 0), Point(0, 0, params.floors * params.height)))
        return GeometryResult(Group([*floors, column]))
