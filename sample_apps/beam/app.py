"""Beam calculator: a simply supported beam under a uniform load.

A plain VIKTOR SDK app: it runs unmodified on the VIKTOR platform and on viktorlite.
"""

import plotly.graph_objects as go
from viktor import ViktorController
from viktor.errors import UserError
from viktor.parametrization import (
    BooleanField,
    LineBreak,
    NumberField,
    OptionField,
    Section,
    Tab,
    Text,
    TextField,
    ViktorParametrization,
)
from viktor.views import DataGroup, DataItem, DataResult, DataStatus, DataView, PlotlyResult, PlotlyView

# Second moment of area (mm^4) and elastic modulus (MPa) of a few steel sections.
SECTIONS = {
    "IPE 200": 19.43e6,
    "IPE 300": 83.56e6,
    "IPE 400": 231.3e6,
    "HEA 300": 182.6e6,
}
STEEL_E = 210_000
DEFLECTION_LIMIT = 250  # span / 250


class Parametrization(ViktorParametrization):
    intro = Text("# Beam calculator\nA simply supported beam under a **uniform load**.")
    geometry = Tab("Geometry")
    geometry.beam = Section("Beam")
    geometry.beam.reference = TextField("Reference", default="Floor beam")
    geometry.beam.span = NumberField("Span", default=6.0, min=0.5, max=40, step=0.5, suffix="m")
    geometry.beam.section = OptionField("Section", options=list(SECTIONS), default="IPE 300")
    loads = Tab("Loads")
    loads.uniform = Section("Uniform load")
    loads.uniform.q = NumberField("Load q", default=10.0, min=0, suffix="kN/m", num_decimals=2)
    loads.uniform.lb = LineBreak()
    loads.uniform.self_weight = BooleanField("Include self-weight", default=False)


def _self_weight(section: str) -> float:
    """Rough self-weight in kN/m from the section name."""
    return {"IPE 200": 0.22, "IPE 300": 0.42, "IPE 400": 0.66, "HEA 300": 0.88}[section]


def _analyse(params):
    span = params.geometry.beam.span
    section = params.geometry.beam.section
    if span is None or section is None:
        raise UserError("Fill in the span and pick a section.")
    q = params.loads.uniform.q or 0.0
    if params.loads.uniform.self_weight:
        q += _self_weight(section)
    inertia = SECTIONS[section]
    moment = q * span**2 / 8  # kNm
    shear = q * span / 2  # kN
    # deflection in mm: 5 q L^4 / (384 E I), with q in N/mm and L in mm
    deflection = 5 * q * (span * 1000) ** 4 / (384 * STEEL_E * inertia)
    return q, moment, shear, deflection


class Controller(ViktorController):
    label = "Beam"
    parametrization = Parametrization

    @DataView("Results", duration_guess=1)
    def results(self, params, **kwargs):
        q, moment, shear, deflection = _analyse(params)
        limit = params.geometry.beam.span * 1000 / DEFLECTION_LIMIT
        ok = deflection <= limit
        data = DataGroup(
            load=DataItem("Design load", q, suffix="kN/m", number_of_decimals=2),
            moment=DataItem("Maximum moment", moment, suffix="kNm", number_of_decimals=1, explanation_label="q L² / 8"),
            shear=DataItem("Maximum shear", shear, suffix="kN", number_of_decimals=1),
            deflection=DataItem(
                "Deflection",
                deflection,
                suffix="mm",
                number_of_decimals=1,
                status=DataStatus.SUCCESS if ok else DataStatus.ERROR,
                status_message=f"limit L/{DEFLECTION_LIMIT} = {limit:.1f} mm",
                subgroup=DataGroup(DataItem("Unity check", deflection / limit, number_of_decimals=2)),
            ),
        )
        return DataResult(data)

    @PlotlyView("Moment diagram", duration_guess=1)
    def moment_diagram(self, params, **kwargs):
        q, _, _, _ = _analyse(params)
        span = params.geometry.beam.span
        xs = [span * i / 50 for i in range(51)]
        moments = [q * x * (span - x) / 2 for x in xs]
        figure = go.Figure(go.Scatter(x=xs, y=moments, fill="tozeroy", name="M(x)"))
        figure.update_layout(
            title=f"Bending moment, {params.geometry.beam.reference}",
            xaxis_title="x [m]",
            yaxis_title="M [kNm]",
            yaxis_autorange="reversed",
        )
        return PlotlyResult(figure)
