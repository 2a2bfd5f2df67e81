"""Views that import their libraries inside the method, and report what a job had to import itself.

The worker parent preloads what the app imports (viktorlite/sdk/_preload.py), so a job forked from
it should import no plotly or matplotlib module of its own.
"""

import io
import sys

import viktor as vkt

PREFIXES = ("plotly", "_plotly_utils", "matplotlib")


def new_modules(before):
    return sorted(name for name in set(sys.modules) - before if name.startswith(PREFIXES))


class Parametrization(vkt.Parametrization):
    n = vkt.NumberField("N", default=3)


class Charts(vkt.Controller):
    parametrization = Parametrization

    @vkt.PlotlyView("Chart")
    def chart(self, params, **kwargs):
        before = set(sys.modules)
        import plotly.graph_objects as go
        import plotly.io

        xs = list(range(int(params.n or 3)))
        figure = go.Figure(go.Bar(x=xs, y=[x * x for x in xs], name="squares"))
        figure.update_layout(title="Squares", xaxis_title="x", yaxis_title="x squared")
        plotly.io.to_json(figure, validate=False)  # what the runtime does with the result
        figure.update_layout(meta=new_modules(before))
        return vkt.PlotlyResult(figure)

    @vkt.DataView("Drawing")
    def drawing(self, params, **kwargs):
        before = set(sys.modules)
        import matplotlib
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [0, 1, 4])
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
        imported = new_modules(before)
        return vkt.DataResult(
            vkt.DataGroup(
                vkt.DataItem("Backend", matplotlib.get_backend().lower()),
                vkt.DataItem("Imported", ", ".join(imported) or "none"),
            )
        )

    @vkt.ImageView("Image")
    def image(self, params, **kwargs):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [0, 1, 4])
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg")
        plt.close(fig)
        return vkt.ImageResult(buffer)
