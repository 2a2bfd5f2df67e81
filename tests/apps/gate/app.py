"""A job that ends only when the test lets it: it waits for a file the test creates."""

import time
from pathlib import Path

import viktor as vkt


class Parametrization(vkt.Parametrization):
    gate_file = vkt.TextField("Gate file")


class Gate(vkt.Controller):
    label = "Gate"
    parametrization = Parametrization

    @vkt.DataView("Held", duration_guess=10)
    def held(self, params, **kwargs):
        """Ends once ``gate_file`` exists (the test's hang guard ends it otherwise, by the time limit)."""
        while not Path(params.gate_file).exists():
            time.sleep(0.05)
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("gate", "open")))
