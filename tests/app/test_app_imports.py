"""viktorlite/app/app_imports.py: what an app's source imports, module level and inside methods."""

from __future__ import annotations

from pathlib import Path

from viktorlite.app.app_imports import app_imports


def test_imports_inside_methods_and_graph_object_names_are_found(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "import viktor as vkt\n"
        "from plotly.graph_objects import Scatter\n"
        "class C(vkt.Controller):\n"
        "    def view(self, params, **kwargs):\n"
        "        import plotly.graph_objects as go\n"
        "        import matplotlib.pyplot as plt\n"
        "        return go.Figure(go.Bar(x=[1]))\n"
    )
    (tmp_path / "broken.py").write_text("def (:\n")  # skipped: loading the app reports it
    found = app_imports(tmp_path)
    assert {"viktor", "plotly.graph_objects", "plotly.graph_objects.Scatter", "matplotlib.pyplot"} <= found.modules
    assert found.graph_objects == {"Scatter", "Figure", "Bar"}
    assert found.uses("plotly") and found.uses("matplotlib") and not found.uses("plotly.express")


def test_an_app_without_charts_uses_none(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import viktor as vkt\nimport plotlyish\n")
    found = app_imports(tmp_path)
    assert not found.uses("plotly") and found.graph_objects == set()
