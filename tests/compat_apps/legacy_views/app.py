from viktor import ViktorController
from viktor.parametrization import DownloadButton, DynamicArray, NumberField, OptionField, ViktorParametrization
from viktor.result import DownloadResult, ViktorResult
from viktor.views import DataGroup, DataItem, PNGResult, PNGView, SVGAndDataResult, SVGAndDataView

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8ffff3f0005fe02fe"
    "a7d6a4f00000000049454e44ae426082"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


class Parametrization(ViktorParametrization):
    rows = DynamicArray("Rows", default=[{"value": 1, "unit": "m"}])
    rows.value = NumberField("Value")
    rows.unit = OptionField("Unit", options=["m", "mm"])
    download = DownloadButton("Download", "download_rows")


class Controller(ViktorController):
    parametrization = Parametrization
    viktor_convert_entity_field = True

    @PNGView("PNG")
    def png(self, params, **kwargs):
        return PNGResult(PNG)

    @SVGAndDataView("SVG")
    def svg(self, params, **kwargs):
        return SVGAndDataResult(DataGroup(DataItem("rows", len(params.rows))), SVG)

    def download_rows(self, params, **kwargs):
        return ViktorResult(download_result=DownloadResult(f"{len(params.rows)} rows", "rows.txt"))
