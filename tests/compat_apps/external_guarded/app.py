import viktor as vkt
from viktor.external.scia import Model, SciaAnalysis


class Parametrization(vkt.Parametrization):
    span = vkt.NumberField("Span", default=8)
    analyse = vkt.ActionButton("Run SCIA", method="run_scia")


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Hand calculation")
    def hand(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Deflection", params.span**4 / 384)))

    def run_scia(self, params, **kwargs):
        analysis = SciaAnalysis(Model(), vkt.File.from_data("<xml/>"), vkt.File.from_data("<def/>"))
        try:
            analysis.execute(timeout=60)
        except ConnectionError as exc:
            raise vkt.UserError(f"SCIA is not reachable: {exc}") from None
