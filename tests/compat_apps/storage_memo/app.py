import json

import viktor as vkt


@vkt.memoize
def heavy(*, n):
    return sum(i * i for i in range(n))


class Parametrization(vkt.Parametrization):
    n = vkt.IntegerField("N", default=1000)
    store = vkt.ActionButton("Store", method="store")


class Controller(vkt.Controller):
    parametrization = Parametrization

    def store(self, params, **kwargs):
        vkt.progress_message("storing", percentage=50)
        vkt.Storage().set("result", vkt.File.from_data(json.dumps({"v": heavy(n=params.n)})), scope="entity")
        vkt.UserMessage.success("stored")

    @vkt.DataView("Stored")
    def stored(self, params, **kwargs):
        try:
            value = json.loads(vkt.Storage().get("result", scope="entity").getvalue())["v"]
        except FileNotFoundError:
            raise vkt.UserError("Press Store first") from None
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Sum of squares", value)))

    @vkt.DataView("Memoized")
    def memoized(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Sum of squares", heavy(n=params.n))))
