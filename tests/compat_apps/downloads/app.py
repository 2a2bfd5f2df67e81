import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import viktor as vkt  # noqa: E402


class Parametrization(vkt.Parametrization):
    amplitude = vkt.NumberField("Amplitude", default=2)
    csv = vkt.DownloadButton("CSV", method="download_csv")
    bundle = vkt.DownloadButton("Zip", method="download_zip")


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.ImageView("Plot")
    def plot(self, params, **kwargs):
        figure = plt.figure()
        plt.plot([0, 1, 2], [0, params.amplitude, 0])
        svg = io.StringIO()
        figure.savefig(svg, format="svg")
        plt.close(figure)
        return vkt.ImageResult(svg)

    def download_csv(self, params, **kwargs):
        return vkt.DownloadResult(f"x,y\n0,{params.amplitude}\n", "result table.csv")

    def download_zip(self, params, **kwargs):
        files = {"a.txt": vkt.File.from_data("a"), "b.txt": io.BytesIO(b"b")}
        return vkt.DownloadResult(zipped_files=files, file_name="bundle.zip")
