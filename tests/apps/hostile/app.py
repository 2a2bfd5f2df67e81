"""A careless app for the XSS tests: it echoes whatever the user typed into every kind of result.

The app author is trusted, but the user is not: the editor must show the user's text as text in
every view, and the app's own HTML (which here embeds the text raw) runs only in a sandbox.
"""

import io

import viktor as vkt


class Parametrization(vkt.Parametrization):
    text = vkt.TextField("Text")
    notes = vkt.TextAreaField("Notes")
    link = vkt.TextField("Link")
    drawing = vkt.FileField("Drawing", file_types=[".txt"])
    rows = vkt.DynamicArray("Rows")
    rows.label = vkt.TextField("Label")


def _texts(params, entity_name: str) -> list[str]:
    file_name = params.drawing.filename if params.drawing else ""
    labels = [row.label or "" for row in params.rows or []]
    return [params.text or "", params.notes or "", params.link or "", file_name, entity_name, *labels]


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Data", duration_guess=1)
    def data(self, params, entity_name="", **kwargs):
        vkt.UserMessage.info(params.text or "no text")
        items = [
            vkt.DataItem(text or "-", text, status=vkt.DataStatus.WARNING, status_message=text, explanation_label=text)
            for text in _texts(params, entity_name)
        ]
        return vkt.DataResult(vkt.DataGroup(*items))

    @vkt.TableView("Table", duration_guess=1)
    def table(self, params, entity_name="", **kwargs):
        texts = _texts(params, entity_name)
        return vkt.TableResult([[text, text] for text in texts], column_headers=texts[:2], row_headers=texts)

    @vkt.PlotlyView("Plot", duration_guess=1)
    def plot(self, params, entity_name="", **kwargs):
        title = " ".join(_texts(params, entity_name))
        figure = {
            "data": [{"type": "bar", "x": [title[:40] or "x"], "y": [1], "name": title}],
            "layout": {"title": title},
        }
        return vkt.PlotlyResult(figure)

    @vkt.MapView("Map", duration_guess=1)
    def map(self, params, entity_name="", **kwargs):
        texts = _texts(params, entity_name)
        points = [vkt.MapPoint(52 + i / 100, 4.3, title=text, description=text) for i, text in enumerate(texts)]
        return vkt.MapResult(points, labels=[vkt.MapLabel(52, 4.3, texts[0] or "-", 1)])

    @vkt.ImageView("Image", duration_guess=1)
    def image(self, params, entity_name="", **kwargs):
        raw = " ".join(_texts(params, entity_name))  # not escaped: an <img> never runs an SVG's script
        return vkt.ImageResult(
            io.StringIO(f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">{raw}</svg>')
        )

    @vkt.WebView("Web", duration_guess=1)
    def web(self, params, entity_name="", **kwargs):
        raw = "<br>".join(_texts(params, entity_name))  # careless: the user's text as HTML, in a sandbox
        escape_attempt = "<script>try { parent.document.title = 'escaped'; } catch (e) {} </script>"
        return vkt.WebResult(html=f"<html><body>{raw}{escape_attempt}</body></html>")

    @vkt.WebView("Link", duration_guess=1)
    def link_view(self, params, **kwargs):
        return vkt.WebResult(url=params.link or "https://example.invalid/")

    @vkt.DataView("Error", duration_guess=1)
    def error(self, params, **kwargs):
        raise vkt.UserError(params.text or "no text")
