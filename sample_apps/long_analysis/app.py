"""A long analysis done once: the platform's documented pattern for slow work, on a beam.

* "Analysis" is a slow view (``duration_guess`` > 3, so it runs only when the user clicks
  update): it runs the expensive analysis and keeps the result with ``Storage`` in the entity's
  zone, where every later job, on any worker, can read it.
* "Summary" is a quick view: it reads the stored result back and never recomputes; it says when
  the inputs changed since the analysis ran.
* "Download the stored result" is a DownloadButton: it hands out the stored file as it is.
* "Natural frequencies" is a quick view over a memoized expensive function: the same inputs
  give the cached result, without running the function again.

Jobs keep nothing in memory or on the local disk: Storage and memoize are what survive a job.
A plain VIKTOR SDK app: it runs unmodified on the VIKTOR platform and on viktorlite.
"""

import datetime
import json
import math
import time
import uuid

import viktor as vkt

#: Stands in for a computation that takes minutes.
ANALYSIS_SECONDS = 2.0
RESULT_KEY = "analysis"


class Parametrization(vkt.Parametrization):
    intro = vkt.Text(
        "Run **Analysis** once (it is slow); **Summary** then reads its stored result instantly. "
        "**Natural frequencies** is memoized: the same inputs never compute twice."
    )
    span = vkt.NumberField("Span", default=10.0, suffix="m", min=1, max=100)
    load = vkt.NumberField("Uniform load", default=5.0, suffix="kN/m", min=0)
    stiffness = vkt.NumberField("Bending stiffness EI", default=20000.0, suffix="kNm²", min=1)
    mass = vkt.NumberField("Mass", default=100.0, suffix="kg/m", min=1)
    points = vkt.IntegerField("Analysis points", default=400, min=10, max=100000)
    download = vkt.DownloadButton("Download the stored result", method="download_result")


def inputs_of(params):
    return {"span": params.span, "load": params.load, "stiffness": params.stiffness, "points": params.points}


def deflections(span, load, stiffness, points):
    """Deflection (mm) of a simply supported beam under a uniform load, at ``points`` positions."""
    positions = [span * i / (points - 1) for i in range(points)]
    return [1000 * load * x * (span**3 - 2 * span * x**2 + x**3) / (24 * stiffness) for x in positions]


@vkt.memoize
def natural_frequencies(*, span, stiffness, mass, modes):
    """The first bending modes (Hz); slow on purpose, so a cache hit is easy to notice."""
    time.sleep(1.0)
    ei = stiffness * 1000  # kNm² -> Nm²
    frequencies = [(n * math.pi / span) ** 2 * math.sqrt(ei / mass) / (2 * math.pi) for n in range(1, modes + 1)]
    return {"frequencies": frequencies, "run_id": uuid.uuid4().hex[:12]}


class Controller(vkt.Controller):
    label = "Beam analysis"
    parametrization = Parametrization

    @vkt.DataView("Analysis", duration_guess=10, update_label="Run analysis")
    def analysis(self, params, **kwargs):
        vkt.progress_message("Analysing the beam ...", 10)
        time.sleep(ANALYSIS_SECONDS)
        curve = deflections(params.span, params.load, params.stiffness, int(params.points))
        result = {
            "run_id": uuid.uuid4().hex[:12],
            "computed_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "inputs": inputs_of(params),
            "max_deflection_mm": max(curve),
            "curve_mm": curve,
        }
        vkt.Storage().set(RESULT_KEY, vkt.File.from_data(json.dumps(result)), scope="entity")
        vkt.progress_message("Stored the result", 100)
        return self._show(result, params)

    @vkt.DataView("Summary")
    def summary(self, params, **kwargs):
        return self._show(json.loads(self._stored().getvalue(encoding="utf-8")), params)

    def download_result(self, params, **kwargs):
        return vkt.DownloadResult(self._stored(), "beam_analysis.json")

    @vkt.DataView("Natural frequencies")
    def frequencies(self, params, **kwargs):
        modes = natural_frequencies(span=params.span, stiffness=params.stiffness, mass=params.mass, modes=3)
        items = [
            vkt.DataItem(f"Mode {n}", value, suffix="Hz", number_of_decimals=2)
            for n, value in enumerate(modes["frequencies"], start=1)
        ]
        items.append(vkt.DataItem("Computed in run", modes["run_id"]))
        return vkt.DataResult(vkt.DataGroup(*items))

    @staticmethod
    def _stored():
        try:
            return vkt.Storage().get(RESULT_KEY, scope="entity")
        except FileNotFoundError:
            raise vkt.UserError("No analysis yet: open the Analysis view and run it once.") from None

    @staticmethod
    def _show(result, params):
        current = result["inputs"] == inputs_of(params)
        return vkt.DataResult(
            vkt.DataGroup(
                vkt.DataItem("Maximum deflection", result["max_deflection_mm"], suffix="mm", number_of_decimals=1),
                vkt.DataItem("Computed in run", result["run_id"]),
                vkt.DataItem("Computed at", result["computed_at"]),
                vkt.DataItem(
                    "Inputs",
                    "as now" if current else "changed since",
                    status=vkt.DataStatus.SUCCESS if current else vkt.DataStatus.WARNING,
                    status_message=None if current else "Run the analysis again to update the stored result.",
                ),
            )
        )
