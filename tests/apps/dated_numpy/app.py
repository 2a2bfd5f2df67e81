"""An app written against numpy 1.x: np.NaN and np.bool8 are gone in numpy 2."""

import numpy as np
import viktor as vkt


class Controller(vkt.Controller):
    @vkt.DataView("Numbers")
    def numbers(self, params, **kwargs):
        flags = np.array([1, 0, 1], dtype=np.bool8)
        gaps = np.array([1.0, np.NaN, 3.0])
        return vkt.DataResult(
            vkt.DataGroup(
                vkt.DataItem("numpy", np.__version__),
                vkt.DataItem("flags", int(flags.sum())),
                vkt.DataItem("gaps", int(np.isnan(gaps).sum())),
            )
        )
