"""Jobs that misbehave: hang, hog memory, get killed. The runtime must survive all of them."""

import os
import time
from pathlib import Path

import viktor as vkt


class Parametrization(vkt.Parametrization):
    seconds = vkt.NumberField("Seconds", default=60)
    attempts_file = vkt.TextField("Attempts file")


def _result(label, value):
    return vkt.DataResult(vkt.DataGroup(vkt.DataItem(label, value)))


class Faults(vkt.Controller):
    label = "Faults"
    parametrization = Parametrization

    @vkt.DataView("Quick")
    def quick(self, params, **kwargs):
        return _result("pid", os.getpid())

    @vkt.DataView("Sleepy", duration_guess=10)
    def sleepy(self, params, **kwargs):
        """Tells where it runs (its pid, in its worker's disk), then sleeps."""
        (Path(__file__).parent / "horse.pid").write_text(str(os.getpid()))
        time.sleep(params.seconds)
        return _result("slept", params.seconds)

    @vkt.DataView("Too slow", duration_guess=10)
    def too_slow(self, params, **kwargs):
        time.sleep(5)
        return _result("slept", 5)

    @vkt.DataView("Hog")
    def hog(self, params, **kwargs):
        hoard = bytearray(1024 * 1024 * 1024)  # 1 GB, over the 300 MB limit
        return _result("size", len(hoard))

    @vkt.DataView("Flaky", duration_guess=10)
    def flaky(self, params, **kwargs):
        """Sleeps on its first attempt (to be killed there), returns at once on the next."""
        attempts = Path(params.attempts_file)
        with attempts.open("a") as log:
            log.write(f"{os.getpid()}\n")
        if len(attempts.read_text().splitlines()) == 1:
            (Path(__file__).parent / "horse.pid").write_text(str(os.getpid()))
            time.sleep(60)
        return _result("attempts", len(attempts.read_text().splitlines()))
