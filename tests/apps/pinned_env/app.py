"""Reports which Python runs it and which tabulate it imports (pinned in requirements.txt, not in viktorlite's)."""

import sys

import tabulate
import viktor as vkt


class Environment(vkt.ViktorController):
    label = "Environment"

    @vkt.DataView("Environment", duration_guess=1)
    def environment(self, params, **kwargs):
        return vkt.DataResult(
            vkt.DataGroup(vkt.DataItem("prefix", sys.prefix), vkt.DataItem("tabulate", tabulate.__version__))
        )
