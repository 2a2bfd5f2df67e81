"""Edge cases of views, buttons and messages: bad results, size limits, slow jobs, view callbacks."""

import time

import viktor as vkt


def wide_shown(params, **kwargs):
    return bool(params.show_wide)


class Parametrization(vkt.Parametrization):
    n = vkt.NumberField("N", default=1)
    sleep = vkt.NumberField("Sleep", default=0)
    show_wide = vkt.BooleanField("Show wide", default=False)
    download = vkt.DownloadButton("Download", method="download")
    wrong = vkt.DownloadButton("Wrong", method="wrong_download")
    action = vkt.ActionButton("Act", method="act")
    pick = vkt.ActionButton("Pick", method="pick", interaction=vkt.MapSelectInteraction("sites", max_select=1))


class Results(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Data")
    def data(self, params, **kwargs):
        vkt.UserMessage.info(f"n is {params.n}")
        vkt.UserMessage.warning("careful")
        return vkt.DataResult(vkt.DataGroup(n=vkt.DataItem("N", params.n)))

    @vkt.DataView("Slow", duration_guess=10)
    def slow(self, params, **kwargs):
        time.sleep(params.sleep)
        return vkt.DataResult(vkt.DataGroup(n=vkt.DataItem("N", params.n)))

    @vkt.DataView("Progress", duration_guess=10)
    def progress(self, params, **kwargs):
        for step in range(100):
            vkt.progress_message(f"step {step + 1}", percentage=step + 1)
            time.sleep(params.sleep / 100)
        return vkt.DataResult(vkt.DataGroup())

    @vkt.DataView("Wrong type")
    def wrong_type(self, params, **kwargs):
        return {"type": "DataResult"}

    @vkt.PlotlyView("Not JSON")
    def not_json(self, params, **kwargs):
        return vkt.PlotlyResult({"data": [{"x": [object()]}]})

    @vkt.DataView("Too big")
    def too_big(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(*(vkt.DataItem(str(i), "x" * 2000) for i in range(50))))

    @vkt.DataView("Crash")
    def crash(self, params, **kwargs):
        raise RuntimeError("boom")

    @vkt.TableView("Wide", visible=wide_shown)
    def wide(self, params, **kwargs):
        return vkt.TableResult([[1, 2]])

    @vkt.MapView("Evil map")
    def evil_map(self, params, **kwargs):
        evil = '<img src=x onerror="window.pwned=1">'
        point = vkt.MapPoint(52, 5, title=evil, description=evil, identifier="p")
        return vkt.MapResult(
            [point], labels=[vkt.MapLabel(52, 5, evil, 10)], legend=vkt.MapLegend([(vkt.Color.red(), evil)])
        )

    @vkt.TableView("Evil table")
    def evil_table(self, params, **kwargs):
        evil = '<img src=x onerror="window.pwned=1">'
        return vkt.TableResult([[evil]], column_headers=[evil])

    @vkt.MapView("Sites")
    def sites(self, params, **kwargs):
        west, east = vkt.MapPoint(52, 4, identifier=1), vkt.MapPoint(52, 6, identifier=2)
        return vkt.MapResult([west, east], interaction_groups={"west": [west]})

    def pick(self, params, event=None, **kwargs):
        vkt.UserMessage.info(f"picked {event.type} {event.value!r}")

    def download(self, params, **kwargs):
        return vkt.DownloadResult(b"\x00\x01data", 'evil"\r\nX-Injected: 1.bin')

    def wrong_download(self, params, **kwargs):
        return vkt.SetParamsResult({"n": 2})

    def act(self, params, **kwargs):
        vkt.UserMessage.success("acted")
