"""Every input the VIKTOR parametrization offers: each field type, layout and constraint kind.

A tree app: a Project holds Designs (pages with every field type and constraint) and Surveys
(steps with an on_next check and a step enabled by a callback). A plain VIKTOR SDK app: it runs
unmodified on the platform and on viktorlite.
"""

import datetime

import viktor as vkt
from viktor.parametrization import (
    ActionButton,
    AnalyseButton,
    And,
    AutocompleteField,
    BooleanField,
    ChildEntityMultiSelectField,
    ChildEntityOptionField,
    ColorField,
    DateField,
    DownloadButton,
    DynamicArray,
    DynamicArrayConstraint,
    EntityMultiSelectField,
    EntityOptionField,
    FileField,
    FunctionLookup,
    GeometryMultiSelectField,
    GeometrySelectField,
    GeoPointField,
    GeoPolygonField,
    GeoPolylineField,
    HiddenField,
    Image,
    IntegerField,
    IsEqual,
    IsFalse,
    IsNotEqual,
    IsNotNone,
    IsTrue,
    LineBreak,
    Lookup,
    MapSelectInteraction,
    MultiFileField,
    MultiSelectField,
    Not,
    NumberField,
    OptimizationButton,
    OptionField,
    OptionListElement,
    Or,
    OutputField,
    Page,
    Parametrization,
    RowLookup,
    Section,
    SetParamsButton,
    SiblingEntityMultiSelectField,
    SiblingEntityOptionField,
    Step,
    Tab,
    Table,
    Text,
    TextAreaField,
    TextField,
    ToggleButton,
)

MATERIALS = {"steel": ["S235", "S355", "S460"], "timber": ["C24", "GL28h"], "concrete": ["C30/37"]}


# -- callbacks (defined before the parametrization, as the SDK asks) ------------------------------


def grades(params, **kwargs):
    """The grades of the chosen material: an options callback."""
    return MATERIALS.get(params.basics.choices.material, [])


def is_heavy(params, **kwargs):
    """A visibility callback: shown when the load is above 50."""
    return (params.basics.numbers.load or 0) > 50


def half_span(params, **kwargs):
    """A max callback (it fails while the span is empty: the editor then warns and ignores it)."""
    return params.basics.numbers.span / 2


def area(params, **kwargs):
    """An OutputField callback."""
    width, height = params.basics.numbers.width, params.basics.numbers.height
    return None if width is None or height is None else round(width * height, 3)


def doubled(value, factor=2):
    """A FunctionLookup target: plain Python with its arguments resolved."""
    return None if value is None else value * factor


def beam_lengths(params, **kwargs):
    """An OutputField in a DynamicArray: one value per row."""
    return [(row.length or 0) * (row.count or 0) for row in params.rows.beams]


def check_site(params, **kwargs):
    """Step 1's on_next: a UserError keeps the user on the step and marks the field."""
    if not params.site.name:
        raise vkt.UserError(
            "Name the site first.", input_violations=[vkt.InputViolation("A site needs a name", fields=["site.name"])]
        )


def survey_enabled(params, **kwargs):
    """Step 2 is only there when the site has soil data."""
    return bool(params.site.has_soil)


# -- the Design entity type: pages with every field type -----------------------------------------


class DesignParametrization(Parametrization):
    intro = Text("# Design\nEvery **field type**, layout and constraint of the SDK on four pages.")

    basics = Page("Basics", views=["summary"], description="Numbers, text and choices")
    basics.numbers = Section("Numbers", description="Numeric input with limits")
    basics.numbers.span = NumberField("Span", min=1, max=40, step=0.5, suffix="m", default=6, flex=50)
    basics.numbers.load = NumberField("Load", variant="slider", min=0, max=100, step=5, default=20, flex=50)
    basics.numbers.width = NumberField("Width", num_decimals=2, suffix="m", default=0.3)
    basics.numbers.height = NumberField("Height", suffix="m", default=0.5, max=Lookup("basics.numbers.span"))
    basics.numbers.count = IntegerField("Count", min=1, max=10, default=2)
    basics.numbers.area = OutputField("Area", value=area, suffix="m²")
    basics.numbers.eccentricity = NumberField(
        "Eccentricity", max=half_span, suffix="m", description="At most half the span"
    )
    basics.text = Section("Text and dates")
    basics.text.title = TextField("Title", default="Beam B1", flex=66)
    basics.text.notes = TextAreaField("Notes")
    basics.text.start = DateField("Start", default=datetime.date(2024, 1, 15))
    basics.text.colour = ColorField("Colour", default=vkt.Color(43, 80, 236))
    basics.text.secret = HiddenField("Secret", name="hidden_value")
    basics.choices = Section("Choices")
    basics.choices.material = OptionField("Material", options=list(MATERIALS), default="steel")
    basics.choices.grade = OptionField("Grade", options=grades, autoselect_single_option=True)
    basics.choices.support = OptionField(
        "Support",
        options=[OptionListElement("pinned", "Pinned"), OptionListElement("fixed", "Fixed")],
        variant="radio-inline",
        default="pinned",
    )
    basics.choices.checks = MultiSelectField("Checks", options=["bending", "shear", "deflection"], default=["bending"])
    basics.choices.profile = AutocompleteField("Profile", options=["IPE 200", "IPE 300", "HEA 300"])
    basics.choices.braced = BooleanField("Braced")
    basics.choices.painted = ToggleButton("Painted", default=True)

    constraints = Page("Constraints", views=["summary"])
    constraints.mode = OptionField("Mode", options=["simple", "expert"], default="simple", variant="radio-inline")
    constraints.advanced = BooleanField("Show advanced")
    constraints.lb = LineBreak()
    constraints.by_lookup = NumberField("Shown by a Lookup", visible=Lookup("constraints.advanced"))
    constraints.by_equal = NumberField("Expert only", visible=IsEqual(Lookup("constraints.mode"), "expert"))
    constraints.by_not_equal = NumberField("Not expert", visible=IsNotEqual(Lookup("constraints.mode"), "expert"))
    constraints.by_and = TextField(
        "Advanced expert", visible=And(Lookup("constraints.advanced"), IsEqual(Lookup("constraints.mode"), "expert"))
    )
    constraints.by_or = TextField(
        "Advanced or expert",
        visible=Or(IsTrue(Lookup("constraints.advanced")), IsEqual(Lookup("constraints.mode"), "expert")),
    )
    constraints.by_not = TextField("Simple view", visible=Not(Lookup("constraints.advanced")))
    constraints.by_false = TextField("Not advanced", visible=IsFalse(Lookup("constraints.advanced")))
    constraints.by_not_none = TextField("Has a grade", visible=IsNotNone(Lookup("basics.choices.grade")))
    constraints.by_callback = NumberField(
        "Heavy load factor", visible=is_heavy, default=1.5, description="Shown when the load is above 50"
    )
    constraints.doubled_span = OutputField(
        "Twice the span", value=FunctionLookup(doubled, Lookup("basics.numbers.span")), suffix="m"
    )
    constraints.echo_title = OutputField("Title (Lookup)", value=Lookup("basics.text.title"))
    constraints.broken = NumberField("Broken reference (always shown)", visible=Lookup("no.such.field"))
    constraints.limited = NumberField("Limited by Count", min=0, max=Lookup("basics.numbers.count"), default=1)
    constraints.tab_a = Tab("Tab A")
    constraints.tab_a.note = TextField("Note in tab A")
    constraints.tab_b = Tab("Expert tab", visible=IsEqual(Lookup("constraints.mode"), "expert"))
    constraints.tab_b.tuning = NumberField("Tuning")
    constraints.tab_b.section = Section("Collapsed section", initially_expanded=False)
    constraints.tab_b.section.deep = TextField("Deep field")

    rows = Page("Rows", views=["summary"])
    rows.beams = DynamicArray(
        "Beams", min=1, max=4, copylast=True, row_label="Beam", default=[{"length": 4, "count": 1, "kind": "steel"}]
    )
    rows.beams.length = NumberField("Length", min=0, suffix="m", default=3)
    rows.beams.count = IntegerField("Count", default=1)
    rows.beams.kind = OptionField("Kind", options=["steel", "timber"], default="steel")
    rows.beams.coating = TextField("Coating", visible=IsEqual(RowLookup("kind"), "steel"))
    rows.beams.grain = TextField(
        "Grain", visible=DynamicArrayConstraint("rows.beams", IsEqual(Lookup("$row.kind"), "timber"))
    )
    rows.beams.total = OutputField("Total length", value=beam_lengths, suffix="m")
    rows.loads = Table(
        "Loads", default=[{"case": "dead", "value": 1.0, "factor": 1, "active": True, "kind": "permanent"}]
    )
    rows.loads.case = TextField("Case")
    rows.loads.value = NumberField("Value", suffix="kN")
    rows.loads.factor = IntegerField("Factor")
    rows.loads.active = BooleanField("Active")
    rows.loads.kind = OptionField("Kind", options=["permanent", "variable"])
    rows.loads.source = AutocompleteField("Source", options=["code", "client"])

    places = Page("Places and files", views=["summary"])
    places.location = GeoPointField("Location")
    places.route = GeoPolylineField("Route")
    places.plot = GeoPolygonField("Plot")
    places.drawing = FileField("Drawing", file_types=[".txt", ".csv"], max_size=2000)
    places.photos = MultiFileField("Photos", file_types=[".png", ".jpg", ".txt"])
    places.any_entity = EntityOptionField("Any design", entity_type_names=["Design"])
    places.many_entities = EntityMultiSelectField("Designs", entity_type_names=["Design", "Survey"])
    places.sibling = SiblingEntityOptionField("Sibling")
    places.siblings = SiblingEntityMultiSelectField("Siblings", entity_type_names=["Design"])
    places.picture = Image("beam.svg", caption="A simply supported beam", align="left", flex=50, max_width=240)

    actions = Page("Actions", views=["summary"])
    actions.run = ActionButton("Run analysis", method="run_analysis")
    actions.analyse = AnalyseButton("Analyse (old name)", method="run_analysis", flex=33)
    actions.download = DownloadButton("Download report", method="download_report")
    actions.set = SetParamsButton("Reset span", method="reset_span")
    actions.optimise = OptimizationButton("Optimise", method="optimise")
    actions.pick = ActionButton(
        "Pick on map", method="run_analysis", interaction=MapSelectInteraction("summary", max_select=2)
    )
    actions.member = GeometrySelectField("Member", view="summary")
    actions.members = GeometryMultiSelectField("Members", view="summary", max_select=3)


class Design(vkt.Controller):
    label = "Design"
    parametrization = DesignParametrization(width=50)

    @vkt.DataView("Summary")
    def summary(self, params, **kwargs):
        basics, places = params.basics, params.places
        beams = params.rows.beams
        return vkt.DataResult(
            vkt.DataGroup(
                span=vkt.DataItem("Span", basics.numbers.span, suffix="m"),
                load=vkt.DataItem("Load", basics.numbers.load),
                start=vkt.DataItem("Start", f"{type(basics.text.start).__name__} {basics.text.start}"),
                colour=vkt.DataItem("Colour", basics.text.colour.hex if basics.text.colour else "none"),
                grade=vkt.DataItem("Grade", basics.choices.grade or "none"),
                beams=vkt.DataItem("Beams", len(beams)),
                location=vkt.DataItem("Location", repr(places.location)),
                drawing=vkt.DataItem("Drawing", places.drawing.open().read() if places.drawing else "none"),
                sibling=vkt.DataItem("Sibling", places.sibling.name if places.sibling else "none"),
            )
        )

    def run_analysis(self, params, **kwargs):
        vkt.UserMessage.success("Analysis done")

    def download_report(self, params, **kwargs):
        return vkt.DownloadResult(f"Span: {params.basics.numbers.span}", "report.txt")

    def reset_span(self, params, **kwargs):
        return vkt.SetParamsResult({"basics": {"numbers": {"span": 6}}})

    def optimise(self, params, **kwargs):
        candidates = [
            vkt.OptimizationResultElement({"basics": {"numbers": {"span": s}}}, {"weight": s * 10}) for s in (4, 6, 8)
        ]
        return vkt.OptimizationResult(candidates, ["basics.numbers.span"], output_headers={"weight": "Weight"})


# -- the Survey entity type: steps -----------------------------------------------------------------


class SurveyParametrization(Parametrization):
    site = Step("Site", views=["overview"], next_label="To the soil", on_next=check_site, description="Where")
    site.name = TextField("Site name")
    site.has_soil = BooleanField("Has soil data")
    soil = Step("Soil", views=["overview"], previous_label="Back to site", enabled=survey_enabled, width=60)
    soil.layers = IntegerField("Layers", min=1, default=1)
    result = Step("Result", views=["overview"])
    result.approved = BooleanField("Approved")


class Survey(vkt.Controller):
    label = "Survey"
    parametrization = SurveyParametrization

    @vkt.DataView("Overview")
    def overview(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Site", params.site.name or "unnamed")))


# -- the Project entity type: child entity fields --------------------------------------------------


class ProjectParametrization(Parametrization):
    client = TextField("Client")
    main = ChildEntityOptionField("Main design", entity_type_names=["Design"])
    compared = ChildEntityMultiSelectField("Compared")


class Project(vkt.Controller):
    label = "Project"
    children = ["Design", "Survey"]
    parametrization = ProjectParametrization


initial_entities = [
    vkt.InitialEntity(
        "Project",
        "Demo project",
        children=[vkt.InitialEntity("Design", "Design A"), vkt.InitialEntity("Survey", "Survey A")],
    )
]
