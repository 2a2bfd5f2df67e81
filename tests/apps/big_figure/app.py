"""Views with large and awkward figures: the result path encodes each once (issue 22, item 5)."""

import viktor as vkt

POINTS = 20_000


def big_figure(offset: float) -> dict:
    """About 0.6 MB of JSON: one scatter trace of POINTS points."""
    return {
        "data": [
            {"type": "scatter", "x": [i * 0.001 for i in range(POINTS)], "y": [offset + i / 3 for i in range(POINTS)]}
        ],
        "layout": {"title": {"text": "big"}},
    }


class Parametrization(vkt.Parametrization):
    offset = vkt.NumberField("Offset", default=1)


class Chart(vkt.ViktorController):
    label = "Chart"
    parametrization = Parametrization

    @vkt.PlotlyView("Big")
    def big(self, params, **kwargs):
        return vkt.PlotlyResult(big_figure(params.offset))

    @vkt.PlotlyAndDataView("Awkward")
    def awkward(self, params, **kwargs):
        """A NaN (the copying path makes it null) and a message whose text looks like the outcome's keys."""
        vkt.UserMessage.info('ends with a backslash \\ and says ,"result":{"x":1} \\')
        figure = {"data": [{"x": [1, 2], "y": [float("nan"), 2.5]}], "layout": {}}
        return vkt.PlotlyAndDataResult(figure, vkt.DataGroup(vkt.DataItem("Points", 2)))
