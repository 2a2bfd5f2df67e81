"""Projects, buildings and floors: a tree app whose parents add up their children.

- ``Project`` -> ``Building`` -> ``Floor``, set by ``Controller.children``; projects list their
  buildings as cards, buildings list their floors as a table (``show_children_as``).
- A ``FloorPlan`` is a *file* entity type: creating one asks for a CSV (``room,area`` rows), which
  ``@ParamsFromFile`` turns into its params; its "Original file" view reads the upload back.
- Views read the children's saved params through ``viktor.api_v1``, so a building's view shows
  its floors and a project's view its buildings; a button adds the next floor from a job.
- Each entity type has a ``Summary``, shown in the entity lists.
"""

import csv
import io

import viktor as vkt
from viktor.api_v1 import API

USES = ["Office", "Residential", "Retail", "Parking"]


class ProjectParametrization(vkt.Parametrization):
    client = vkt.TextField("Client", default="")
    cost_per_m2 = vkt.NumberField("Building cost", default=2500, suffix="EUR/m²", min=0)


class BuildingParametrization(vkt.Parametrization):
    address = vkt.TextField("Address", default="")
    floor_height = vkt.NumberField("Floor height", default=3.2, suffix="m", min=2, max=10)
    add_floor = vkt.ActionButton("Add the next floor", method="add_next_floor", longpoll=False)


class FloorParametrization(vkt.Parametrization):
    level = vkt.IntegerField("Level", default=0)
    area = vkt.NumberField("Gross floor area", default=500, suffix="m²", min=0)
    use = vkt.OptionField("Use", options=USES, default="Office")


class FloorPlanParametrization(vkt.Parametrization):
    rooms = vkt.Table("Rooms")
    rooms.room = vkt.TextField("Room")
    rooms.area = vkt.NumberField("Area", suffix="m²")
    total_area = vkt.NumberField("Total room area", suffix="m²")


def floors_of(building):
    """The building's floors, lowest first, with their last saved params."""
    floors = building.children(entity_type_names=["Floor"])
    return sorted(floors, key=lambda floor: floor.last_saved_params.level or 0)


def floor_area(floors):
    return sum(floor.last_saved_params.area or 0 for floor in floors)


class Project(vkt.Controller):
    label = "Project"
    children = ["Building"]
    show_children_as = "Cards"
    parametrization = ProjectParametrization
    summary = vkt.Summary(
        client=vkt.SummaryItem("Client", str, "parametrization", "client"),
        area=vkt.SummaryItem("Floor area", float, "overview", "area", suffix="m²"),
        cost=vkt.SummaryItem("Cost", float, "overview", "cost", prefix="EUR"),
    )

    @vkt.DataView("Overview")
    def overview(self, params, entity_id, **kwargs):
        buildings = API().get_entity(entity_id).children(entity_type_names=["Building"])
        per_building = vkt.DataGroup()
        total = 0.0
        for building in buildings:
            floors = floors_of(building)
            area = floor_area(floors)
            total += area
            per_building.add(vkt.DataItem(building.name, area, suffix="m²", explanation_label=f"{len(floors)} floors"))
        cost = total * (params.cost_per_m2 or 0)
        return vkt.DataResult(
            vkt.DataGroup(
                buildings=vkt.DataItem("Buildings", len(buildings), subgroup=per_building),
                area=vkt.DataItem("Floor area", total, suffix="m²", number_of_decimals=0),
                cost=vkt.DataItem("Cost", cost, prefix="EUR", number_of_decimals=0),
            )
        )


class Building(vkt.Controller):
    label = "Building"
    children = ["Floor", "FloorPlan"]
    show_children_as = "Table"
    parametrization = BuildingParametrization
    summary = vkt.Summary(
        floors=vkt.SummaryItem("Floors", float, "floors", "count"),
        area=vkt.SummaryItem("Floor area", float, "floors", "area", suffix="m²"),
    )

    @vkt.DataView("Floors")
    def floors(self, params, entity_id, **kwargs):
        me = API().get_entity(entity_id)
        floors = floors_of(me)
        listed = vkt.DataGroup(
            *[
                vkt.DataItem(
                    floor.name,
                    floor.last_saved_params.area or 0,
                    suffix="m²",
                    explanation_label=f"level {floor.last_saved_params.level}, {floor.last_saved_params.use}",
                )
                for floor in floors
            ]
        )
        plans = me.children(entity_type_names=["FloorPlan"])
        rooms = sum(plan.last_saved_params.total_area or 0 for plan in plans)
        return vkt.DataResult(
            vkt.DataGroup(
                count=vkt.DataItem("Floors", len(floors), subgroup=listed),
                area=vkt.DataItem("Floor area", floor_area(floors), suffix="m²", number_of_decimals=0),
                height=vkt.DataItem(
                    "Height", len(floors) * (params.floor_height or 0), suffix="m", number_of_decimals=1
                ),
                rooms=vkt.DataItem("Room area on floor plans", rooms, suffix="m²", number_of_decimals=1),
            )
        )

    def add_next_floor(self, params, entity_id, **kwargs):
        """A job that changes the tree: the editor shows the new floor without a reload."""
        me = API().get_entity(entity_id)
        floors = floors_of(me)
        level = (floors[-1].last_saved_params.level + 1) if floors else 0
        area = floors[-1].last_saved_params.area if floors else 500
        me.create_child("Floor", f"Level {level}", params={"level": level, "area": area, "use": "Office"})
        vkt.UserMessage.success(f"Added level {level}")


class Floor(vkt.Controller):
    label = "Floor"
    parametrization = FloorParametrization
    summary = vkt.Summary(
        level=vkt.SummaryItem("Level", float, "parametrization", "level"),
        area=vkt.SummaryItem("Area", float, "parametrization", "area", suffix="m²"),
        use=vkt.SummaryItem("Use", str, "parametrization", "use"),
    )


class FloorPlan(vkt.Controller):
    label = "Floor plan"
    parametrization = FloorPlanParametrization
    summary = vkt.Summary(rooms=vkt.SummaryItem("Room area", float, "parametrization", "total_area", suffix="m²"))

    @vkt.ParamsFromFile(max_size=1_000_000, file_types=[".csv"])
    def process_file(self, file, **kwargs):
        """A CSV with a ``room,area`` header; a row that is not a number is refused by name."""
        rows = list(csv.DictReader(io.StringIO(file.getvalue("utf-8"))))
        rooms = []
        for number, row in enumerate(rows, start=2):
            try:
                rooms.append({"room": (row.get("room") or "").strip(), "area": float(row.get("area") or "")})
            except ValueError:
                raise vkt.UserError(f"line {number}: the area {row.get('area')!r} is not a number") from None
        return {"rooms": rooms, "total_area": sum(room["area"] for room in rooms)}

    @vkt.DataView("Rooms")
    def rooms(self, params, **kwargs):
        rows = [vkt.DataItem(row.room or "?", row.area or 0, suffix="m²") for row in params.rooms]
        return vkt.DataResult(
            vkt.DataGroup(
                rooms=vkt.DataItem("Rooms", len(rows), subgroup=vkt.DataGroup(*rows)),
                total=vkt.DataItem("Total room area", params.total_area or 0, suffix="m²", number_of_decimals=1),
            )
        )

    @vkt.DataView("Original file")
    def original(self, params, entity_id, **kwargs):
        file = API().get_entity(entity_id).get_file()
        lines = file.getvalue("utf-8").splitlines()
        return vkt.DataResult(
            vkt.DataGroup(
                lines=vkt.DataItem("Lines", len(lines)),
                header=vkt.DataItem("Header", lines[0] if lines else ""),
            )
        )


initial_entities = [
    vkt.InitialEntity(
        "Project",
        "Harbour Quarter",
        params={"client": "City of Rotterdam", "cost_per_m2": 2500},
        children=[
            vkt.InitialEntity(
                "Building",
                "Tower A",
                params={"address": "Quay 1", "floor_height": 3.5},
                children=[
                    vkt.InitialEntity("Floor", "Ground floor", params={"level": 0, "area": 800, "use": "Retail"}),
                    vkt.InitialEntity("Floor", "First floor", params={"level": 1, "area": 600, "use": "Office"}),
                ],
            )
        ],
    )
]
