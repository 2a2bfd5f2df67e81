import viktor as vkt


def check_site(params, **kwargs):
    if not params.site.location_name:
        violation = vkt.InputViolation("required", fields=["site.location_name"])
        raise vkt.UserError("Name the site", input_violations=[violation])


class Parametrization(vkt.Parametrization):
    site = vkt.Step("Site", views=["site_summary"], on_next=check_site)
    site.location_name = vkt.TextField("Location", default="Delft")
    site.depth = vkt.NumberField("Depth", default=10)
    design = vkt.Step("Design", views=["design_summary"])
    design.layers = vkt.DynamicArray("Layers", default=[{"thickness": 2, "soil": "sand"}])
    design.layers.thickness = vkt.NumberField("Thickness", default=1)
    design.layers.soil = vkt.OptionField("Soil", options=["sand", "clay"], default="sand")


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Site")
    def site_summary(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Location", params.site.location_name)))

    @vkt.DataView("Design")
    def design_summary(self, params, **kwargs):
        total = sum(layer.thickness for layer in params.design.layers)
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Total thickness", total)))
