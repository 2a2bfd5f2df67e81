"""An app for Redis faults: a summary (kept by the web's background loop) and a job that sleeps."""

import os
import time
from pathlib import Path

import viktor as vkt


class Parametrization(vkt.Parametrization):
    value = vkt.NumberField("Value", default=1)
    seconds = vkt.NumberField("Seconds", default=60)


class Sample(vkt.Controller):
    label = "Sample"
    parametrization = Parametrization
    summary = vkt.Summary(value=vkt.SummaryItem("Value", float, "parametrization", "value"))

    @vkt.DataView("Quick")
    def quick(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("value", params.value)))

    @vkt.DataView("Sleepy", duration_guess=10)
    def sleepy(self, params, **kwargs):
        """Tells where it runs (its pid, in its worker's disk), then sleeps."""
        (Path(__file__).parent / "horse.pid").write_text(str(os.getpid()))
        time.sleep(params.seconds)
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("slept", params.seconds)))
