"""A small app that exercises the job path: results, errors and statelessness."""

import os
from pathlib import Path

import viktor as vkt

COUNTER = {"calls": 0}


class Parametrization(vkt.Parametrization):
    numbers = vkt.Section("Numbers")
    numbers.a = vkt.NumberField("A", default=1)
    numbers.b = vkt.NumberField("B", default=2)
    mode = vkt.OptionField("Mode", options=["sum", "product"], default="sum")


class Calculator(vkt.ViktorController):
    label = "Calculator"
    parametrization = Parametrization

    @vkt.DataView("Result")
    def result(self, params, **kwargs):
        a, b = params.numbers.a, params.numbers.b
        value = a + b if params.mode == "sum" else a * b
        return vkt.DataResult(vkt.DataGroup(value=vkt.DataItem("Value", value)))

    @vkt.DataView("Context")
    def context(self, params, entity_id, entity_name, **kwargs):
        return vkt.DataResult(
            vkt.DataGroup(
                entity_id=vkt.DataItem("Entity id", entity_id),
                entity_name=vkt.DataItem("Entity name", entity_name),
                workspace_id=vkt.DataItem("Workspace id", kwargs["workspace_id"]),
            )
        )

    @vkt.DataView("Divide")
    def divide(self, params, **kwargs):
        if params.numbers.b == 0:
            raise vkt.UserError(
                "B must not be zero.",
                input_violations=[vkt.InputViolation("Cannot divide by zero", fields=["numbers.b"])],
            )
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Quotient", params.numbers.a / params.numbers.b)))

    @vkt.DataView("Crash")
    def crash(self, params, **kwargs):
        return {"not": "a result"}["missing"]

    @vkt.DataView("Wrong type")
    def wrong_type(self, params, **kwargs):
        return {"value": 1}

    @vkt.DataView("No params")
    def constant(self, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Answer", 42)))

    @vkt.DataView("Memory")
    def memory(self, params, **kwargs):
        """Leaves traces in memory and on disk: only the disk ones may survive the job."""
        COUNTER["calls"] += 1
        marker = Path(__file__).parent / "marker.txt"
        existed = marker.exists()
        marker.write_text("written by a job")
        return vkt.DataResult(
            vkt.DataGroup(
                calls=vkt.DataItem("Calls seen in this process", COUNTER["calls"]),
                pid=vkt.DataItem("Process", os.getpid()),
                parent=vkt.DataItem("Parent process", os.getppid()),
                marker=vkt.DataItem("Marker existed", str(existed)),
            )
        )

    @vkt.PlotlyView("Plot")
    def plot(self, params, **kwargs):
        return vkt.PlotlyResult({"data": [{"x": [0, 1], "y": [params.numbers.a, params.numbers.b]}]})
