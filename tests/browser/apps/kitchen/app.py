"""An app that uses every part of the editor this slice supports: pages, sections, every field type,
markdown text, quick and slow views, a UserError with input violations and an app crash."""

import viktor as vkt
from viktor.parametrization import OptionListElement


class Parametrization(vkt.Parametrization):
    inputs = vkt.Page("Inputs", views=["data", "slow", "fails", "crash"])
    inputs.nums = vkt.Section("Numbers", description="The numeric fields")
    inputs.nums.slider = vkt.NumberField("Slider", min=0, max=10, step=0.5, variant="slider", default=3, flex=66)
    inputs.nums.count = vkt.IntegerField("Count", min=1, max=5, default=2)
    inputs.nums.price = vkt.NumberField("Price", suffix="EUR", num_decimals=2, default=12.5)
    inputs.nums.lb = vkt.LineBreak()
    inputs.nums.named = vkt.TextField("Named", name="custom.stored_name", default="stored elsewhere", flex=50)
    inputs.opts = vkt.Section("Options", initially_expanded=False)
    inputs.opts.radio = vkt.OptionField("Radio", options=["a", "b", "c"], variant="radio", default="b")
    inputs.opts.inline = vkt.OptionField(
        "Inline", options=[OptionListElement(1, "One"), OptionListElement(2, "Two")], variant="radio-inline", default=1
    )
    inputs.opts.flag = vkt.BooleanField("Flag", default=True)
    inputs.md = vkt.Text(
        "## Notes\nSome *italic* and **bold** text. <script>window.injected = 1</script> <b>not bold</b>\n"
        "- [docs](https://docs.viktor.ai)\n- [bad](javascript:window.injected=2)"
    )
    plot = vkt.Page("Plot", views=["plot"])
    plot.first = vkt.Tab("First")
    plot.first.a = vkt.NumberField("A", default=1)
    plot.second = vkt.Tab("Second")
    plot.second.b = vkt.NumberField("B", default=2)
    empty = vkt.Page("No views")
    empty.x = vkt.TextField("Something")


class Kitchen(vkt.ViktorController):
    label = "Kitchen"
    parametrization = Parametrization(width=45)

    @vkt.DataView("Data", duration_guess=1)
    def data(self, params, **kwargs):
        nums = params.inputs.nums
        return vkt.DataResult(
            vkt.DataGroup(
                slider=vkt.DataItem("Slider", nums.slider, number_of_decimals=1),
                count=vkt.DataItem("Count", nums.count, status=vkt.DataStatus.WARNING, status_message="check"),
                price=vkt.DataItem("Price", nums.price, prefix="EUR", number_of_decimals=2),
                named=vkt.DataItem("Named", params.custom.stored_name),
                radio=vkt.DataItem("Radio", params.inputs.opts.radio),
                group=vkt.DataItem(
                    "Group",
                    None,
                    subgroup=vkt.DataGroup(
                        vkt.DataItem("Inner", 1.23456, number_of_decimals=3, explanation_label="= x")
                    ),
                ),
            )
        )

    @vkt.DataView("Slow", duration_guess=10, update_label="Recalculate")
    def slow(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Slider", params.inputs.nums.slider)))

    @vkt.DataView("Fails")
    def fails(self, params, **kwargs):
        raise vkt.UserError(
            "Count must be odd", input_violations=[vkt.InputViolation("Must be odd", fields=["inputs.nums.count"])]
        )

    @vkt.DataView("Crash")
    def crash(self, params, **kwargs):
        return 1 / 0

    @vkt.PlotlyView("Plot")
    def plot(self, params, **kwargs):
        return vkt.PlotlyResult({"data": [{"x": [0, 1], "y": [params.plot.first.a, params.plot.second.b]}]})
