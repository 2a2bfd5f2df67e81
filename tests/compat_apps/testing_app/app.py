import viktor as vkt


class Parametrization(vkt.Parametrization):
    start = vkt.DateField("Start")
    drawing = vkt.FileField("Drawing")
    other = vkt.EntityOptionField("Other", entity_type_names=["Controller"])


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Info")
    def info(self, params, **kwargs):
        drawing = params.drawing.file.getvalue() if params.drawing else "none"
        other = params.other.name if params.other else "none"
        user = vkt.api_v1.API().get_current_user().full_name if params.other else "n/a"
        return vkt.DataResult(
            vkt.DataGroup(
                vkt.DataItem("Start", str(params.start)),
                vkt.DataItem("Drawing", drawing),
                vkt.DataItem("Other", other),
                vkt.DataItem("User", user),
            )
        )
