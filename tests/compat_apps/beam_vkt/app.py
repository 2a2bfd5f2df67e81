import numpy as np
import plotly.graph_objects as go
import viktor as vkt


class Parametrization(vkt.Parametrization):
    geometry = vkt.Tab("Geometry")
    geometry.beam = vkt.Section("Beam")
    geometry.beam.length = vkt.NumberField("Length", default=5, suffix="m", min=1, max=20)
    geometry.beam.profile = vkt.OptionField("Profile", options=["IPE200", "IPE300"], default="IPE200")
    loads = vkt.Tab("Loads")
    loads.q = vkt.NumberField("Distributed load", default=10, suffix="kN/m")


class Controller(vkt.Controller):
    label = "Beam"
    parametrization = Parametrization

    @vkt.DataView("Results", duration_guess=1)
    def results(self, params, **kwargs):
        moment = params.loads.q * params.geometry.beam.length**2 / 8
        return vkt.DataResult(vkt.DataGroup(moment=vkt.DataItem("M max", moment, suffix="kNm", number_of_decimals=1)))

    @vkt.PlotlyView("Moment line")
    def moments(self, params, **kwargs):
        x = np.linspace(0, params.geometry.beam.length, 21)
        m = params.loads.q * x * (params.geometry.beam.length - x) / 2
        return vkt.PlotlyResult(go.Figure(go.Scatter(x=x, y=m)).to_json())
