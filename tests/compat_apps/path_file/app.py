from pathlib import Path

import pandas as pd
import viktor as vkt

PROFILES = pd.read_csv(Path(__file__).parent / "data" / "profiles.csv")


def profile_options(params, **kwargs):
    return list(PROFILES["profile"])


class Parametrization(vkt.Parametrization):
    profile = vkt.OptionField("Profile", options=profile_options, default="IPE200")
    min_height = vkt.NumberField("Minimum height", default=150)


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.TableView("Profiles")
    def table(self, params, **kwargs):
        return vkt.TableResult(PROFILES[PROFILES.height >= params.min_height])

    @vkt.DataView("Chosen")
    def chosen(self, params, **kwargs):
        row = PROFILES[PROFILES.profile == params.profile].iloc[0]
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Weight", float(row.weight), suffix="kg/m")))
