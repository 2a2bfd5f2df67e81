"""The editor's call flow around live options, slow views and saving (issue 17, items 1-4).

Like the public beam apps: a Table whose OptionField column takes its options from a callback, a
DynamicArray whose options differ per row, an OptionField whose callback list can shrink to one
option, a quick view and a slow view that counts its runs in Storage.
"""

import viktor as vkt

PROFILES = {"steel": ["HEA200", "HEA300", "IPE240"], "timber": ["GL24h", "GL28h"], "concrete": ["C30/37"]}


def profile_options(params, **kwargs):
    """One list for the whole column (the SDK gives callbacks no row)."""
    return PROFILES.get(params.material, [])


def support_options(params, **kwargs):
    """One list per row of the DynamicArray: the options follow each row's own kind."""
    return [["pinned", "fixed"] if row.kind == "hinge" else ["roller"] for row in params.supports]


def grade_options(params, **kwargs):
    return PROFILES.get(params.material, [])


def load_max(params, **kwargs):
    return 100 if params.material == "steel" else 10


def wide_visible(params, **kwargs):
    return params.material != "concrete"


class Parametrization(vkt.Parametrization):
    material = vkt.OptionField("Material", options=list(PROFILES), default="steel")
    grade = vkt.OptionField("Grade", options=grade_options, autoselect_single_option=True)
    load = vkt.NumberField("Load", default=5, max=load_max, suffix="kN")
    members = vkt.Table("Members", default=[{"name": "M1", "profile": "HEA200", "length": 4}])
    members.name = vkt.TextField("Name")
    members.profile = vkt.OptionField("Profile", options=profile_options)
    members.length = vkt.NumberField("Length", suffix="m")
    members.width = vkt.NumberField("Width", visible=wide_visible)
    supports = vkt.DynamicArray("Supports", default=[{"kind": "hinge", "fixity": "pinned"}, {"kind": "roller"}])
    supports.kind = vkt.OptionField("Kind", options=["hinge", "roller"])
    supports.fixity = vkt.OptionField("Fixity", options=support_options)
    supports.profile = vkt.OptionField("Profile", options=profile_options)


class Beam(vkt.Controller):
    label = "Beam"
    parametrization = Parametrization

    @vkt.DataView("Summary", duration_guess=1)
    def summary(self, params, **kwargs):
        members = ", ".join(f"{m.name}:{m.profile}" for m in params.members)
        fixities = ", ".join(str(s.fixity) for s in params.supports)
        return vkt.DataResult(
            vkt.DataGroup(
                vkt.DataItem("Material", params.material),
                vkt.DataItem("Grade", str(params.grade)),
                vkt.DataItem("Load", params.load),
                vkt.DataItem("Members", members),
                vkt.DataItem("Fixities", fixities),
            )
        )

    @vkt.DataView("Analysis", duration_guess=10, update_label="Run analysis")
    def analysis(self, params, **kwargs):
        return vkt.DataResult(
            vkt.DataGroup(vkt.DataItem("Load", params.load), vkt.DataItem("Material", params.material))
        )
