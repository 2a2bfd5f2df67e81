"""The app the hot-reload tests edit while it is served (tests/support.py hot_reload_app)."""

import time

import viktor as vkt


class Parametrization(vkt.Parametrization):
    length = vkt.NumberField("Length", default=1)


class Controller(vkt.Controller):
    label = "Hot reload"
    parametrization = Parametrization

    @vkt.DataView("Values")
    def values(self, params, **kwargs):
        items = [vkt.DataItem(name, value) for name, value in sorted(params.items()) if value is not None]
        return vkt.DataResult(vkt.DataGroup(*items))

    @vkt.DataView("Slow", duration_guess=60)
    def slow(self, params, **kwargs):
        time.sleep(60)
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Slept", 60)))
