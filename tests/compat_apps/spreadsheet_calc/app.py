"""A beam check done by a spreadsheet shipped with the app, shown as a DataView."""

from pathlib import Path

import viktor as vkt
from viktor.external.spreadsheet import SpreadsheetCalculation, SpreadsheetCalculationInput

WORKBOOK = Path(__file__).parent / "files" / "beam_calculation.xlsx"


class Parametrization(vkt.Parametrization):
    length = vkt.NumberField("Span", default=6, suffix="m")
    load = vkt.NumberField("Load", default=10, suffix="kN/m")
    section_modulus = vkt.NumberField("Section modulus", default=557, suffix="cm3")


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Beam check")
    def check(self, params, **kwargs):
        inputs = [
            SpreadsheetCalculationInput("length", params.length),
            SpreadsheetCalculationInput("load", params.load),
            SpreadsheetCalculationInput("section_modulus", params.section_modulus),
        ]
        result = SpreadsheetCalculation.from_path(WORKBOOK, inputs).evaluate()
        values = result.values
        return vkt.DataResult(
            vkt.DataGroup(
                moment=vkt.DataItem("Moment", values["moment"], suffix="kNm", number_of_decimals=1),
                stress=vkt.DataItem("Stress", values["stress"], suffix="MPa", number_of_decimals=1),
                unity_check=vkt.DataItem("Unity check", values["unity_check"]),
                verdict=vkt.DataItem("Verdict", values["verdict"]),
            )
        )
