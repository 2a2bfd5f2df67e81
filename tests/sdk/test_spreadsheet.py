"""``viktor.external.spreadsheet`` runs locally: openpyxl fills the workbook, ``formulas`` recalculates it.

Workbooks are built here with openpyxl in the platform's layout (viktor-input-sheet and
viktor-output-sheet, columns A=Parameters, B=Unit, C=Comment, D=Values) with real formula chains.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import redis
import rq
from openpyxl.workbook.defined_name import DefinedName

from viktorlite.sdk import File
from viktorlite.sdk import _spreadsheet_formulas as spreadsheet_formulas
from viktorlite.sdk import _spreadsheet_soffice as spreadsheet_soffice
from viktorlite.sdk._spreadsheet_bounds import bound_formula
from viktorlite.sdk.errors import SpreadsheetError
from viktorlite.sdk.external.spreadsheet import (
    DirectInputCell,
    InputCellRange,
    NamedInputCell,
    SpreadsheetCalculation,
    SpreadsheetCalculationInput,
    SpreadsheetTemplate,
    render_spreadsheet,
)

HEADER = ["Parameters", "Unit", "Comment", "Values"]


def calculation_workbook(*, extra_outputs: tuple[tuple[str, str], ...] = (), without: str = "") -> bytes:
    """A beam check: moment = q*L^2/8, stress = M/W, unity check and a verdict, via a calculation sheet."""
    workbook = openpyxl.Workbook()
    calc = workbook.active
    calc.title = "calculation"
    inputs = workbook.create_sheet("viktor-input-sheet")
    outputs = workbook.create_sheet("viktor-output-sheet")
    inputs.append(HEADER)
    inputs.append(["length", "m", "span", 5])
    inputs.append(["load", "kN/m", "", 10])
    inputs.append(["section_modulus", "cm3", "", 500])
    calc["A1"] = "='viktor-input-sheet'!D3*'viktor-input-sheet'!D2^2/8"
    calc["A2"] = "=A1*1000/'viktor-input-sheet'!D4"
    calc["A3"] = "=ROUND(A2/235,3)"
    calc["A4"] = '=IF(A3<=1,"OK","NOT OK")'
    outputs.append(HEADER)
    outputs.append(["moment", "kNm", "", "=calculation!A1"])
    outputs.append(["stress", "MPa", "", "=calculation!A2"])
    outputs.append(["unity_check", "-", "", "=calculation!A3"])
    outputs.append(["verdict", "", "", "=calculation!A4"])
    outputs.append(["divided", "", "", "=1/0"])
    for name, formula in extra_outputs:
        outputs.append([name, "", "", formula])
    if without:
        workbook.remove(workbook[without])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_outputs_follow_the_formula_chain_for_each_input_set():
    data = calculation_workbook()
    first = SpreadsheetCalculation(io.BytesIO(data), []).evaluate()  # the defaults in column D
    assert first.values == {
        "moment": 31.25,
        "stress": 62.5,
        "unity_check": 0.266,
        "verdict": "OK",
        "divided": "#DIV/0!",  # the sheet's own error, as Excel shows it
    }
    inputs = [SpreadsheetCalculationInput("length", 12), SpreadsheetCalculationInput("load", 20.0)]
    second = SpreadsheetCalculation(File.from_data(data), inputs).evaluate()
    assert second.get_value("moment") == 360.0
    assert second.get_value("stress") == 720.0
    assert second.values["unity_check"] == 3.064 and second.values["verdict"] == "NOT OK"


def test_the_filled_file_holds_the_inputs_and_keeps_the_formulas(tmp_path: Path):
    (tmp_path / "calc.xlsx").write_bytes(calculation_workbook())
    calculation = SpreadsheetCalculation.from_path(tmp_path / "calc.xlsx", [SpreadsheetCalculationInput("load", 7)])
    without_file = calculation.evaluate()
    with pytest.raises(SpreadsheetError, match="include_filled_file=True"):
        without_file.file_content  # noqa: B018 - the property raises
    result = calculation.evaluate(include_filled_file=True)
    assert calculation.result is result
    filled = openpyxl.load_workbook(io.BytesIO(result.file_content))
    assert [filled["viktor-input-sheet"][f"D{row}"].value for row in (2, 3, 4)] == [5, 7, 500]
    assert filled["viktor-output-sheet"]["D2"].value == "=calculation!A1"


def test_spreadsheet_errors_name_the_sheet_the_input_and_the_function():
    with pytest.raises(
        SpreadsheetError, match=r"no sheet 'viktor-input-sheet' \(its sheets: 'calculation', 'viktor-out"
    ):
        SpreadsheetCalculation(io.BytesIO(calculation_workbook(without="viktor-input-sheet")), []).evaluate()
    with pytest.raises(SpreadsheetError, match=r"no input 'width' in column A of sheet 'viktor-input-sheet' \(inputs"):
        SpreadsheetCalculation(io.BytesIO(calculation_workbook()), [SpreadsheetCalculationInput("width", 1)]).evaluate()
    unsupported = calculation_workbook(extra_outputs=(("odd", "=FANCYCALC(calculation!A1)"),))
    with pytest.raises(SpreadsheetError, match=r"output 'odd' \(viktor-output-sheet!D7\).*function FANCYCALC"):
        SpreadsheetCalculation(io.BytesIO(unsupported), []).evaluate()
    with pytest.raises(SpreadsheetError, match="not an .xlsx workbook"):
        SpreadsheetCalculation(io.BytesIO(b"a,b\n1,2\n"), []).evaluate()
    result = SpreadsheetCalculation(io.BytesIO(calculation_workbook()), []).evaluate()
    with pytest.raises(SpreadsheetError, match="no output 'nope'"):
        result.get_value("nope")
    with pytest.raises(TypeError, match="a cell value must be"):
        SpreadsheetCalculationInput("length", [1, 2])  # type: ignore[arg-type]


def test_render_spreadsheet_fills_direct_named_and_range_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "report"
    sheet["D1"] = "=B2*2"
    workbook.defined_names["project"] = DefinedName("project", attr_text="report!$A$1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = [
        NamedInputCell("Project", "Bridge 7"),  # Excel names are case-insensitive
        DirectInputCell("report", "B", 2, 21),
        InputCellRange("report", "A", 4, [[1, 2], ["x", "y"]]),
    ]
    filled = openpyxl.load_workbook(render_spreadsheet(io.BytesIO(buffer.getvalue()), cells).open_binary())["report"]
    assert [filled[c].value for c in ("A1", "B2", "A4", "B4", "A5", "B5", "D1")] == [
        "Bridge 7",
        21,
        1,
        2,
        "x",
        "y",
        "=B2*2",
    ]
    template = SpreadsheetTemplate(io.BytesIO(buffer.getvalue()), [DirectInputCell("missing", "A", 1, 1)])
    with pytest.raises(SpreadsheetError, match="no sheet 'missing'"):
        template.render()
    with pytest.raises(SpreadsheetError, match="no named cell 'nope'"):
        render_spreadsheet(io.BytesIO(buffer.getvalue()), [NamedInputCell("nope", 1)])


# -- whole-column references, the compiled-model cache ----------------------------------------------


def test_whole_column_and_row_references_are_cut_to_the_used_range():
    cases = {
        "=SUM(data!B:B)": "=SUM(data!B1:B500)",
        "=VLOOKUP(x,'my sheet'!$A:$C,2,FALSE)+SUM(2:3)": "=VLOOKUP(x,'my sheet'!$A1:$C500,2,FALSE)+SUM(A2:E3)",
        "=SUMPRODUCT(A:A, B:B)": "=SUMPRODUCT(A1:A500, B1:B500)",  # equal shapes stay equal
        "=SUM(A2:A1048576)+SUM(A1:XFD1)": "=SUM(A2:A500)+SUM(A1:E1)",  # explicit ranges to the sheet's end
        "=SUM(A2:A65536)": "=SUM(A2:A500)",  # the end of an .xls sheet
        '=IF(B2="","",VLOOKUP(B2,d!A:C,2,FALSE))': '=IF(B2="","",VLOOKUP(B2,d!A1:C500,2,FALSE))',
        '=COUNTIF(A:A,"x")': '=COUNTIF(A1:A500,"x")',
        # kept: the result depends on the rows past the used range, or the range starts past it
        "=ROWS(A:A)": "=ROWS(A:A)",
        "=SUMPRODUCT((A:A>0)*ROW(A:A))": "=SUMPRODUCT((A:A>0)*ROW(A:A))",
        '=COUNTIF(A:A,"")': '=COUNTIF(A:A,"")',
        '=_xlfn.COUNTIFS(A:A,"=")': '=_xlfn.COUNTIFS(A:A,"=")',
        "=SUM(A600:A1048576)": "=SUM(A600:A1048576)",
        "=SUM(A1:B20)": "=SUM(A1:B20)",
        '="A:A"&B1': '="A:A"&B1',
    }
    assert {formula: bound_formula(formula, 500, 5) for formula in cases} == cases


def lookup_workbook() -> bytes:
    """Lookups, conditional sums and products over whole columns of a 60-row table."""
    workbook = openpyxl.Workbook()
    inputs = workbook.active
    inputs.title = "viktor-input-sheet"
    inputs.append(HEADER)
    inputs.append(["profile", "", "", "IPE 240"])
    inputs.append(["min_height", "mm", "", 300])
    table = workbook.create_sheet("profiles")
    table.append(["name", "height", "modulus", "steel"])
    for index in range(60):
        table.append([f"IPE {80 + 20 * index}", 80 + 20 * index, 20 + 15.5 * index, index % 3 == 0])
    outputs = workbook.create_sheet("viktor-output-sheet")
    outputs.append(HEADER)
    given = "'viktor-input-sheet'!D2"
    outputs.append(["modulus", "cm3", "", f"=VLOOKUP({given},profiles!A:C,3,FALSE)"])
    outputs.append(["position", "", "", f"=MATCH({given},profiles!A:A,0)"])
    outputs.append(["taller", "", "", "=COUNTIF(profiles!B:B,\">=\"&'viktor-input-sheet'!D3)"])
    outputs.append(["taller_modulus", "", "", "=SUMIF(profiles!B:B,\">=\"&'viktor-input-sheet'!D3,profiles!C:C)"])
    outputs.append(["weighted", "", "", "=SUMPRODUCT(profiles!B:B,profiles!C:C)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lookup_expected(profile: str, min_height: float) -> dict:
    rows = [(f"IPE {80 + 20 * i}", 80 + 20 * i, 20 + 15.5 * i) for i in range(60)]
    position = next(i for i, row in enumerate(rows) if row[0] == profile)
    return {
        "modulus": rows[position][2],
        "position": position + 2,  # the header is row 1
        "taller": sum(1 for row in rows if row[1] >= min_height),
        "taller_modulus": sum(row[2] for row in rows if row[1] >= min_height),
        "weighted": sum(row[1] * row[2] for row in rows),
    }


def test_whole_column_lookups_evaluate_with_the_formulas_engine():
    data = lookup_workbook()
    for profile, height in (("IPE 240", 300), ("IPE 500", 1000)):
        inputs = [SpreadsheetCalculationInput("profile", profile), SpreadsheetCalculationInput("min_height", height)]
        values = SpreadsheetCalculation(io.BytesIO(data), inputs).evaluate().values
        expected = lookup_expected(profile, height)
        assert values.keys() == expected.keys()
        for name, value in expected.items():
            assert values[name] == pytest.approx(value, rel=1e-12), name


def input_types_workbook() -> bytes:
    """Inputs of every cell type, one empty, one holding a formula, read by single cells and by ranges."""
    workbook = openpyxl.Workbook()
    inputs = workbook.active
    inputs.title = "viktor-input-sheet"
    inputs.append(HEADER)
    for row in (["n", "", "", 3], ["material", "", "", "steel"], ["braced", "", "", True], ["factor", "", "", 0.5]):
        inputs.append(row)
    inputs.append(["extra", "", "", None])
    inputs.append(["double_n", "", "", "=D2*2"])
    outputs = workbook.create_sheet("viktor-output-sheet")
    outputs.append(HEADER)
    sheet = "'viktor-input-sheet'"
    outputs.append(["sum", "", "", f"=SUM({sheet}!D2:D5)"])
    outputs.append(["label", "", "", f'=IF({sheet}!D3="steel",1,2)&"-"&{sheet}!D3'])
    outputs.append(["braced", "", "", f"=IF({sheet}!D4,10,20)"])
    outputs.append(["extra", "", "", f"={sheet}!D6*1"])
    outputs.append(["double_n", "", "", f"={sheet}!D7+1"])
    outputs.append(["column", "", "", f"=SUM({sheet}!D:D)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_is_compiled_once_and_each_evaluation_gives_what_a_fresh_compile_gives():
    """The kept model gets the inputs as overrides; compiling the filled workbook is the reference."""
    data = input_types_workbook()
    rows = {"n": 2, "material": 3, "braced": 4, "factor": 5, "extra": 6, "double_n": 7}
    outputs = [("viktor-output-sheet", f"D{row}") for row in range(2, 8)]
    input_sets = [
        {},
        {"n": 10},
        {"material": "wood", "braced": False},
        {"factor": 0.1234567890123456789},
        {"extra": 4},  # empty in the workbook
        {"double_n": 100},  # a formula in the workbook, replaced by the value
        {"n": 10, "material": "wood", "braced": False, "factor": 2.5, "extra": 1, "double_n": 7},
        {},
    ]
    spreadsheet_formulas.clear_cache()
    for inputs in input_sets:
        overrides = {("viktor-input-sheet", f"D{rows[name]}"): value for name, value in inputs.items()}
        kept = spreadsheet_formulas.compute(data, overrides, outputs, "test")
        fresh = spreadsheet_formulas._compile(*spreadsheet_formulas._bounded(data, overrides), "test")
        nodes = {fresh.nodes[spreadsheet_formulas._node_name(*cell)]: cell for cell in outputs}
        solution = fresh.model.calculate(outputs=list(nodes))
        assert kept == {cell: spreadsheet_formulas.plain(solution[node]) for node, cell in nodes.items()}, inputs
    assert spreadsheet_formulas.cached_models() == 1
    values = SpreadsheetCalculation(io.BytesIO(data), [SpreadsheetCalculationInput("material", "wood")]).evaluate()
    assert values.values["label"] == "2-wood" and spreadsheet_formulas.cached_models() == 1


# -- .xls workbooks and large workbooks (LibreOffice) -----------------------------------------------

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def saved_as(data: bytes, extension: str, folder: Path) -> bytes:
    """``data`` (.xlsx) saved by LibreOffice as ``extension`` (``xls``): the workbook's twin in that format."""
    source = folder / "twin.xlsx"
    source.write_bytes(data)
    profile = (folder / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", extension]
    command += ["--outdir", str(folder / "out"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return (folder / "out" / f"twin.{extension}").read_bytes()


@needs_libreoffice
def test_an_xls_workbook_evaluates_to_the_outputs_of_its_xlsx_twin(tmp_path: Path):
    xlsx = calculation_workbook(extra_outputs=(("weight", "=ROUND('viktor-input-sheet'!D2*78.5/3,6)"),))
    xls = saved_as(xlsx, "xls", tmp_path)
    assert xls.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 compound file, as Excel 97-2003 writes
    for inputs in ([], [SpreadsheetCalculationInput("length", 12), SpreadsheetCalculationInput("load", 20.5)]):
        from_xls = SpreadsheetCalculation(io.BytesIO(xls), inputs).evaluate(include_filled_file=True)
        from_xlsx = SpreadsheetCalculation(io.BytesIO(xlsx), inputs).evaluate()
        assert from_xls.values == from_xlsx.values
        filled = openpyxl.load_workbook(io.BytesIO(from_xls.file_content))  # the filled file is .xlsx
        assert filled["viktor-output-sheet"]["D2"].value == "=calculation!A1"
    assert from_xls.values["moment"] == 20.5 * 12**2 / 8 and from_xls.values["verdict"] == "NOT OK"

    template = render_spreadsheet(io.BytesIO(xls), [DirectInputCell("calculation", "B", 1, "filled")])
    assert openpyxl.load_workbook(template.open_binary())["calculation"]["B1"].value == "filled"


def test_an_xls_workbook_without_libreoffice_says_what_to_install(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no soffice on it
    not_really_xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    with pytest.raises(SpreadsheetError, match=r"\.xls workbook needs LibreOffice.*apt-get install libreoffice-calc"):
        SpreadsheetCalculation(io.BytesIO(not_really_xls), []).evaluate()
    with pytest.raises(ConnectionError, match="not available offline"):  # `viktorlite check`: unsupported
        SpreadsheetCalculation(io.BytesIO(not_really_xls), []).evaluate()


def large_workbook(formulas: int) -> tuple[bytes, Callable[[float, float], dict]]:
    """``formulas`` formula cells over 4 sheets: chains, lookups into a table, whole-column sums, SUMPRODUCT.

    Returns the workbook and a function computing its outputs in Python for the inputs (a, b).
    """
    workbook = openpyxl.Workbook()
    inputs = workbook.active
    inputs.title = "viktor-input-sheet"
    inputs.append(HEADER)
    inputs.append(["a", "", "", 2])
    inputs.append(["b", "", "", 3])
    table = workbook.create_sheet("table")
    for key in range(1, 101):
        table.append([key, key * 1.5])
    sheets = ["s0", "s1", "s2", "s3"]
    per_sheet = formulas // (5 * len(sheets))
    for name in sheets:
        sheet = workbook.create_sheet(name)
        for r in range(1, per_sheet + 1):
            sheet[f"A{r}"] = f"='viktor-input-sheet'!$D$2*{r}"
            sheet[f"B{r}"] = f"=A{r}+'viktor-input-sheet'!$D$3" if r == 1 else f"=B{r - 1}+A{r}"
            sheet[f"C{r}"] = f"=VLOOKUP(MOD({r},100)+1,table!A:B,2,FALSE)"
            sheet[f"D{r}"] = f"=IF(MOD(A{r},2)=0,C{r},-C{r})"
            sheet[f"E{r}"] = f"=SUMPRODUCT(table!A1:A3,table!B1:B3)+D{r}"
    outputs = workbook.create_sheet("viktor-output-sheet")
    outputs.append(HEADER)
    for name in sheets:
        outputs.append([f"{name}_last_b", "", "", f"={name}!B{per_sheet}"])
        outputs.append([f"{name}_sum_d", "", "", f"=SUM({name}!D:D)"])
        outputs.append([f"{name}_sum_e", "", "", f"=SUM({name}!E1:E{per_sheet})"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    def expected(a: float, b: float) -> dict:
        column_a = [a * r for r in range(1, per_sheet + 1)]
        column_d = [(1 if x % 2 == 0 else -1) * ((r % 100) + 1) * 1.5 for r, x in enumerate(column_a, start=1)]
        product = 1 * 1.5 + 2 * 3.0 + 3 * 4.5
        values = {}
        for name in sheets:
            values[f"{name}_last_b"] = sum(column_a) + b
            values[f"{name}_sum_d"] = sum(column_d)
            values[f"{name}_sum_e"] = sum(column_d) + product * per_sheet
        return values

    return buffer.getvalue(), expected


@needs_libreoffice
def test_a_large_workbook_evaluates():
    data, expected = large_workbook(3000)  # 3,000 formula cells: past where LibreOffice takes over
    inputs = [SpreadsheetCalculationInput("a", 3), SpreadsheetCalculationInput("b", 0.25)]
    values = SpreadsheetCalculation(io.BytesIO(data), inputs).evaluate().values
    assert values == pytest.approx(expected(3, 0.25), rel=1e-14)


@needs_libreoffice
def test_libreoffice_and_the_formulas_engine_give_the_same_outputs(monkeypatch, tmp_path: Path):
    data, expected = large_workbook(600)
    inputs = [SpreadsheetCalculationInput("a", 7), SpreadsheetCalculationInput("b", 1.5)]
    by_libreoffice = SpreadsheetCalculation(io.BytesIO(data), inputs).evaluate().values
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice: the formulas engine computes every workbook
    by_formulas = SpreadsheetCalculation(io.BytesIO(data), inputs).evaluate().values
    assert by_formulas == pytest.approx(expected(7, 1.5), rel=1e-14)
    assert by_libreoffice == pytest.approx(by_formulas, rel=1e-14)  # LibreOffice keeps 15 digits


def test_libreoffice_is_given_what_is_left_of_the_jobs_time_limit(redis_url: str):
    """Inside an RQ job the recalculation's time limit is the job's; outside one there is none."""
    connection = redis.Redis.from_url(redis_url)
    queue = rq.Queue("spreadsheet-time-left", connection=connection)
    job = queue.enqueue(spreadsheet_soffice._job_time_left, job_timeout=40)
    rq.SimpleWorker([queue], connection=connection).work(burst=True)
    left, limit = job.latest_result().return_value
    assert limit == 40 and 30 < left <= 40
    assert spreadsheet_soffice._job_time_left() == (None, None)


@needs_libreoffice
def test_a_recalculation_past_its_time_limit_is_stopped_and_says_so(monkeypatch):
    data, _ = large_workbook(600)
    monkeypatch.setattr(spreadsheet_soffice._libreoffice, "CONVERT_TIMEOUT_SECONDS", 0.3)
    expected = r"LibreOffice did not recalculate the workbook \(6\d\d formula cells\) within 0.3 s"
    with pytest.raises(SpreadsheetError, match=expected):
        SpreadsheetCalculation(io.BytesIO(data), []).evaluate()


@needs_libreoffice
def test_both_engines_give_outputs_of_every_kind_as_the_same_python_values():
    workbook = openpyxl.Workbook()
    inputs = workbook.active
    inputs.title = "viktor-input-sheet"
    inputs.append(HEADER)
    inputs.append(["x", "", "", 3])
    outputs = workbook.create_sheet("viktor-output-sheet")
    outputs.append(HEADER)
    formulas = ['="a"&"b"', "=1>0", '=""', "=1/0", "=NA()", "=DATE(2024,1,15)", "='viktor-input-sheet'!D2/4", "=Z99"]
    for index, formula in enumerate(formulas):
        outputs.append([f"o{index}", "", "", formula])
    outputs.append(["constant", "", "", 5])
    outputs.append(["empty", "", "", None])
    outputs["D7"].number_format = "yyyy-mm-dd"  # openpyxl reads a date-formatted result as a datetime
    outputs["D8"].number_format = "hh:mm"
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = [f"D{row}" for row in range(2, 12)]
    by_libreoffice = spreadsheet_soffice.recalculate(buffer.getvalue(), "viktor-output-sheet", cells, 8, "test")
    wanted = [("viktor-output-sheet", cell) for cell in cells]
    by_formulas = spreadsheet_formulas.compute(buffer.getvalue(), {}, wanted, "test")
    expected = ["ab", True, "", "#DIV/0!", "#N/A", 45306, 0.75, 0, 5, None]
    assert [by_libreoffice.get(cell) for cell in cells] == expected
    as_shown = [by_formulas.get(("viktor-output-sheet", cell)) for cell in cells]
    assert [str(v) if spreadsheet_formulas.is_engine_error(v) else v for v in as_shown] == expected
