"""A steel beam check done by an Excel 97-2003 workbook (.xls) shipped with the app.

Written as older SDK apps are: ``ViktorController``, ``viktor.parametrization`` and ``viktor.views``
imports, the workbook opened with ``File.from_path``. The DataView shows the outputs; the button
downloads the workbook with the inputs filled in.
"""

from pathlib import Path

from viktor import File, ViktorController
from viktor.external.spreadsheet import SpreadsheetCalculation, SpreadsheetCalculationInput
from viktor.parametrization import DownloadButton, NumberField, OptionField, ViktorParametrization
from viktor.result import DownloadResult
from viktor.views import DataGroup, DataItem, DataResult, DataView

WORKBOOK = Path(__file__).parent / "files" / "profile_check.xls"
PROFILES = ["IPE 200", "IPE 220", "IPE 240", "IPE 270", "IPE 300", "IPE 330", "IPE 360", "IPE 400"]


class Parametrization(ViktorParametrization):
    profile = OptionField("Profile", options=PROFILES, default="IPE 300")
    span = NumberField("Span", default=6, suffix="m")
    load = NumberField("Load", default=10, suffix="kN/m")
    filled = DownloadButton("Filled workbook", method="download_filled")


def calculation(params) -> SpreadsheetCalculation:
    inputs = [
        SpreadsheetCalculationInput("profile", params.profile),
        SpreadsheetCalculationInput("span", params.span),
        SpreadsheetCalculationInput("load", params.load),
    ]
    return SpreadsheetCalculation(File.from_path(WORKBOOK), inputs)


class Controller(ViktorController):
    label = "Beam"
    parametrization = Parametrization

    @DataView("Profile check", duration_guess=3)
    def check(self, params, **kwargs):
        result = calculation(params).evaluate()
        return DataResult(
            DataGroup(
                section_modulus=DataItem("Section modulus", result.get_value("section_modulus"), suffix="cm3"),
                moment=DataItem("Moment", result.get_value("moment"), suffix="kNm", number_of_decimals=1),
                stress=DataItem("Stress", result.get_value("stress"), suffix="MPa", number_of_decimals=1),
                unity_check=DataItem("Unity check", result.get_value("unity_check")),
                deflection=DataItem("Deflection", result.get_value("deflection"), suffix="mm"),
                mass=DataItem("Mass", result.get_value("mass"), suffix="kg"),
                verdict=DataItem("Verdict", result.get_value("verdict")),
            )
        )

    def download_filled(self, params, **kwargs):
        result = calculation(params).evaluate(include_filled_file=True)
        return DownloadResult(file_content=result.file, file_name="profile_check_filled.xlsx")
