"""A tree app that drives ``viktor.api_v1`` from its jobs, with a file entity type and a summary.

The ``probe`` view of a Project runs one API call named by its ``action`` param and answers with
one DataItem "json": what the call returned, or the name and message of the error it raised.
"""

import json

import viktor as vkt
from viktor.api_v1 import API


class ProjectParametrization(vkt.Parametrization):
    client = vkt.TextField("Client", default="ACME")
    action = vkt.TextField("Action", default="")
    arg = vkt.TextField("Argument", default="")


class FloorParametrization(vkt.Parametrization):
    area = vkt.NumberField("Area", default=100, suffix="m2")


class PlanParametrization(vkt.Parametrization):
    rooms = vkt.IntegerField("Rooms")
    total = vkt.NumberField("Total area")


def answer(**values):
    return vkt.DataResult(vkt.DataGroup(json=vkt.DataItem("json", json.dumps(values, default=str))))


def described(entity):
    return {"id": entity.id, "name": entity.name, "type": entity.entity_type.name}


class Project(vkt.Controller):
    label = "Project"
    children = ["Floor", "Plan"]
    show_children_as = "Table"
    parametrization = ProjectParametrization
    summary = vkt.Summary(
        client=vkt.SummaryItem("Client", str, "parametrization", "client"),
        area=vkt.SummaryItem("Total area", float, "overview", "totals.area", suffix="m2"),
        missing=vkt.SummaryItem("Missing", float, "parametrization", "no.such.path"),
    )

    @vkt.DataView("Overview")
    def overview(self, params, entity_id, **kwargs):
        floors = API().get_entity(entity_id).children(entity_type_names=["Floor"])
        area = sum(floor.last_saved_params.area or 0 for floor in floors)
        return vkt.DataResult(
            vkt.DataGroup(
                totals=vkt.DataItem(
                    "Totals",
                    len(floors),
                    subgroup=vkt.DataGroup(area=vkt.DataItem("Area", area, suffix="m2")),
                )
            )
        )

    @vkt.DataView("Probe")
    def probe(self, params, entity_id, **kwargs):
        api = API()
        me = api.get_entity(entity_id)
        try:
            return answer(result=self._act(api, me, params.action, params.arg))
        except Exception as exc:  # the test reads which error the API raised
            return answer(error=type(exc).__name__, message=str(exc))

    def _act(self, api, me, action, arg):
        if action == "read":
            children = me.children(include_params=False)
            return {
                "me": described(me),
                "children": [described(c) for c in children],
                "floors": [c.last_saved_params.area for c in me.children(entity_type_names=["Floor"])],
                "roots": [described(r) for r in api.get_root_entities()],
                "by_type": sorted(e.name for e in api.get_entities_by_type("Floor")),
                "siblings": [described(s) for s in children[0].siblings()] if len(children) else [],
                "parent": described(children[0].parent()) if len(children) else None,
                "revisions": [[r.id, r.previous_revision_id, r.params.client] for r in me.revisions()],
                "summary": dict(me.last_saved_summary),
                "user": api.get_current_user().full_name,
                "types": [t.name for t in api.get_entity_types()],
                "len_negative": children[-1].name if len(children) else None,
            }
        if action == "create_child":
            child = me.create_child("Floor", arg, params={"area": 42})
            return described(child)
        if action == "set_params":
            target = api.get_entity(int(arg))
            target.set_params({"area": 7.5})
            return dict(api.get_entity(int(arg)).last_saved_params)
        if action == "rename":
            return described(api.get_entity(int(arg)).rename("Renamed by a job"))
        if action == "delete":
            api.get_entity(int(arg)).delete()
            return "deleted"
        if action == "file":
            file = api.get_entity(int(arg)).get_file()
            return file.getvalue("utf-8")
        # -- failures ---------------------------------------------------------------------------
        if action == "missing":
            return described(api.get_entity(999999))
        if action == "bad_child_type":
            return described(me.create_child("Project", "nested"))
        if action == "file_child":
            return described(me.create_child("Plan", "plan"))
        if action == "bad_params":
            return api.get_entity(int(arg)).set_params({"area": "not a number"})
        if action == "delete_missing":
            return api.delete_entity(999999)
        if action == "no_file":
            return api.get_entity(int(arg)).get_file()
        if action == "no_parent":
            return me.parent()
        raise ValueError(f"unknown action {action!r}")


class Floor(vkt.Controller):
    label = "Floor"
    parametrization = FloorParametrization


class Plan(vkt.Controller):
    label = "Floor plan"
    parametrization = PlanParametrization

    @vkt.ParamsFromFile(max_size=200, file_types=[".csv"])
    def process_file(self, file, **kwargs):
        lines = [line for line in file.getvalue("utf-8").splitlines()[1:] if line.strip()]
        if any("bad" in line for line in lines):
            raise vkt.UserError("the plan has a bad row")
        areas = [float(line.split(",")[1]) for line in lines]
        return {"rooms": len(areas), "total": sum(areas)}


initial_entities = [
    vkt.InitialEntity("Project", "Demo", params={"client": "ACME", "action": "", "arg": ""}, use_as_start_page=True)
]
