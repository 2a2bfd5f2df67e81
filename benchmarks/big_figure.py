"""The large result both sides return: a plotly figure dict of about 1.57 MB of JSON, built the same way each time."""

from __future__ import annotations

from typing import Any

POINTS = 51_000


def figure() -> dict[str, Any]:
    """Three scatter traces of ``POINTS`` points each, floats with many digits (as numpy gives them)."""
    traces = [
        {
            "type": "scatter",
            "name": f"trace {t}",
            "x": [i * 0.001 + t / 7 for i in range(POINTS // 3)],
            "y": [((i * 7919 + t) % 1000) / 3.0 for i in range(POINTS // 3)],
        }
        for t in range(3)
    ]
    return {"data": traces, "layout": {"title": {"text": "big"}}}


def plain_rq_job() -> dict[str, Any]:
    """The baseline job: plain RQ returning the same dict."""
    return {"type": "PlotlyResult", "figure": figure()}
