"""A load table app pinned to older libraries, in the style of the SDK's examples.

Its views report the versions they run with, so a test can see which environment ran them.
"""

import sys

import click
import numpy as np
import pandas as pd
import plotly
import plotly.graph_objects as go
import viktor as vkt
from tabulate import tabulate


class Parametrization(vkt.Parametrization):
    span = vkt.NumberField("Span", default=6, suffix="m", min=1, max=30)
    load = vkt.NumberField("Line load", default=12, suffix="kN/m")


def moment_table(span: float, load: float) -> pd.DataFrame:
    x = np.linspace(0, span, 7)
    return pd.DataFrame({"x": x, "M": load * x * (span - x) / 2})


class Controller(vkt.ViktorController):
    label = "Pinned beam"
    parametrization = Parametrization

    @vkt.DataView("Environment", duration_guess=1)
    def environment(self, params, **kwargs):
        table = tabulate(moment_table(params.span, params.load).values.tolist(), headers=["x", "M"])
        return vkt.DataResult(
            vkt.DataGroup(
                vkt.DataItem("prefix", sys.prefix),
                vkt.DataItem("numpy", np.__version__),
                vkt.DataItem("pandas", pd.__version__),
                vkt.DataItem("plotly", plotly.__version__),
                vkt.DataItem("click", click.__version__),
                vkt.DataItem("rows", len(table.splitlines())),
            )
        )

    @vkt.PlotlyView("Moment line", duration_guess=1)
    def moments(self, params, **kwargs):
        frame = moment_table(params.span, params.load)
        return vkt.PlotlyResult(go.Figure(go.Scatter(x=frame["x"], y=frame["M"], mode="lines")))

    @vkt.GeometryView("Beam", duration_guess=1)
    def beam(self, params, **kwargs):
        profile = [vkt.Point(0, 0), vkt.Point(0.2, 0), vkt.Point(0.2, 0.4), vkt.Point(0, 0.4), vkt.Point(0, 0)]
        line = vkt.Line(vkt.Point(0, 0, 0), vkt.Point(params.span, 0, 0))
        return vkt.GeometryResult(vkt.Extrusion(profile, line))
