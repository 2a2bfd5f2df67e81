"""A 10,000-formula workbook through SpreadsheetCalculation, against LibreOffice recalculating it headless.

The workbook is generated in the platform's layout: 20 inputs on viktor-input-sheet, a table of
500 sections, five calculation sheets of 2,000 formulas each (arithmetic chains on the inputs,
IF/ROUND, VLOOKUP and INDEX/MATCH into the table, SUMIF over whole columns, SUMPRODUCT, MAX/MIN/
AVERAGE over moving windows, text verdicts) and 21 outputs on viktor-output-sheet (SUM, MAX,
COUNTIF per sheet and a whole-column SUM).

The baseline is LibreOffice alone: ``soffice --headless --convert-to xlsx`` of the workbook with
the inputs already written (LibreOffice recalculates a workbook without cached results on
loading it). Compared with it, interleaved (A B, B A, ... so neither side always runs first) with
new input values each round: ``SpreadsheetCalculation(file, inputs).evaluate()``, the whole
service (openpyxl fills the inputs, the engine recalculates, the outputs are read back). Medians
and their ratio are printed. Then, once, the pure-Python engine (``formulas``) on the same
workbook, which viktorlite uses below 500 formula cells or without LibreOffice: compiling plus
calculating, and calculating again with the compiled model kept.

Second, the whole-column workbook of issue 21 (a 3-row table on ``calculation-sheet`` read by
VLOOKUP and INDEX/MATCH written over whole columns, ``A:A`` and ``'calculation-sheet'!A:C``; it
took 319 s and 2.27 GB before whole-column references were cut to the used range) against its twin
written over the used range (``A2:A4``), the baseline: the same outputs, so whole columns should
cost what the used range costs. Each run is a fresh process (the compiled-model cache and the
memory peak start empty), interleaved, with new inputs each round; medians of seconds and of peak
memory, and their ratios, are printed.

    .venv/bin/python benchmarks/bench_spreadsheet.py [--rounds 5] [--skip-formulas] [--whole-columns-only]
"""

from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from viktorlite.sdk import _spreadsheet_engine, _spreadsheet_formulas
from viktorlite.sdk.external.spreadsheet import SpreadsheetCalculation, SpreadsheetCalculationInput

HEADER = ["Parameters", "Unit", "Comment", "Values"]
INPUTS = 20
TABLE_ROWS = 500
SHEETS = 5
ROWS_PER_SHEET = 400  # five formulas a row: 2,000 a sheet, 10,000 in all


def workbook(formula_rows: int = ROWS_PER_SHEET, sheets: int = SHEETS) -> bytes:
    """The generated calculation workbook (see the module docstring), as .xlsx bytes."""
    book = openpyxl.Workbook()
    inputs = book.active
    inputs.title = "viktor-input-sheet"
    inputs.append(HEADER)
    for index in range(INPUTS):
        inputs.append([f"in{index}", "-", "", 1 + index * 0.5])
    table = book.create_sheet("sections")
    table.append(["id", "area", "inertia", "modulus", "mass"])
    for row in range(TABLE_ROWS):
        table.append([row + 1, 10 + row * 0.7, 100 + row * 3.1, 50 + row * 1.3, 7.85 * (10 + row * 0.7)])
    last = TABLE_ROWS + 1
    outputs: list[tuple[str, str]] = []
    for number in range(sheets):
        sheet = book.create_sheet(f"calc{number}")
        for r in range(1, formula_rows + 1):
            given = f"'viktor-input-sheet'!$D${2 + r % INPUTS}"
            section = (r * 7 + number) % TABLE_ROWS + 1
            sheet[f"A{r}"] = f"={given}*{r}+{number}"
            previous = f"B{r - 1}" if r > 1 else "0"
            sheet[f"B{r}"] = f"=IF(A{r}>{previous},ROUND(A{r}/3,2),{previous}+A{r}*0.01)"
            sheet[f"C{r}"] = [
                f"=VLOOKUP(MOD(ROUND(A{r},0),{TABLE_ROWS})+1,sections!$A$2:$E${last},4,FALSE)",
                f"=INDEX(sections!$C$2:$C${last},MATCH({section},sections!$A$2:$A${last},0))*B{r}",
                f'=SUMIF(sections!A:A,">"&{section},sections!B:B)/1000+A{r}',
                f"=SUMPRODUCT(sections!$B$2:$B$21,sections!$E${section + 1}:$E${section + 20})/A{r}",
                f"=MAX(A{r},B{r})-MIN(A{r},B{r})+AVERAGE(A{max(1, r - 9)}:A{r})",
            ][r % 5]
            sheet[f"D{r}"] = f"=C{r}*{given}+SQRT(ABS(B{r}))"
            sheet[f"E{r}"] = f'=IF(D{r}>1000,"high",IF(D{r}>100,"mid","low"))'
        outputs += [
            (f"total{number}", f"=SUM(calc{number}!D1:D{formula_rows})"),
            (f"max{number}", f"=MAX(calc{number}!C1:C{formula_rows})"),
            (f"high{number}", f'=COUNTIF(calc{number}!E1:E{formula_rows},"high")'),
            (f"last{number}", f"=calc{number}!B{formula_rows}"),
        ]
    outputs.append(("mass_total", "=SUM(sections!E:E)"))
    out = book.create_sheet("viktor-output-sheet")
    out.append(HEADER)
    for name, formula in outputs:
        out.append([name, "", "", formula])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LOOKUPS = 12  # outputs reading the 3-row table


def whole_column_workbook(whole: bool) -> bytes:
    """The 3-row lookup workbook, its references over whole columns or (``whole=False``) the used range."""
    book = openpyxl.Workbook()
    inputs = book.active
    inputs.title = "viktor-input-sheet"
    inputs.append(HEADER)
    inputs.append(["id", "-", "", 2])
    inputs.append(["factor", "-", "", 1.5])
    calc = book.create_sheet("calculation-sheet")
    calc.append(["id", "name", "value"])
    for row in ([1, "a", 10.5], [2, "b", 20.25], [3, "c", 30.0]):
        calc.append(row)
    ids, names, table = ("A:A", "B:B", "A:C") if whole else ("A2:A4", "B2:B4", "A2:C4")
    values = "C:C" if whole else "C2:C4"
    given, factor = "'viktor-input-sheet'!D2", "'viktor-input-sheet'!D3"
    calc["E2"] = f"=VLOOKUP({given},{table},3,FALSE)*{factor}"
    calc["F2"] = f"=INDEX({names},MATCH({given},{ids},0))"
    out = book.create_sheet("viktor-output-sheet")
    out.append(HEADER)
    sheet = "'calculation-sheet'"
    for number in range(LOOKUPS):
        wanted = f"MOD({given}+{number},3)+1"
        formula = [
            f"=VLOOKUP({wanted},{sheet}!{table},3,FALSE)",
            f"=INDEX({sheet}!{values},MATCH({wanted},{sheet}!{ids},0))*{factor}",
            f'=SUMIF({sheet}!{ids},">="&{wanted},{sheet}!{values})',
        ][number % 3]
        out.append([f"lookup{number}", "", "", formula])
    out.append(["through_sheet", "", "", f"={sheet}!E2"])
    out.append(["name", "", "", f"={sheet}!F2"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _evaluate_in_child(data: bytes, inputs: dict[str, float], answer: multiprocessing.Queue) -> None:
    took, values = service_evaluation(data, inputs)
    answer.put((took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, values))


def fresh_process_evaluation(data: bytes, inputs: dict[str, float]) -> tuple[float, float, dict]:
    """Seconds, peak memory (MB) and outputs of one evaluation in a fresh (forked) process."""
    context = multiprocessing.get_context("fork")
    answer: multiprocessing.Queue = context.Queue()
    child = context.Process(target=_evaluate_in_child, args=(data, inputs, answer))
    child.start()
    took, peak, values = answer.get()
    child.join()
    return took, peak, values


def whole_columns(rounds: int) -> None:
    whole, used = whole_column_workbook(True), whole_column_workbook(False)
    print(f"whole-column workbook ({LOOKUPS + 2} outputs over a 3-row table), baseline: its used-range twin")
    seconds: dict[str, list[float]] = {"whole": [], "used": []}
    peaks: dict[str, list[float]] = {"whole": [], "used": []}
    mismatches = 0
    for number in range(rounds):
        inputs = {"id": 1 + number % 3, "factor": 1.5 + number}
        sides = ["whole", "used"] if number % 2 == 0 else ["used", "whole"]
        results = {}
        for side in sides:
            took, peak, results[side] = fresh_process_evaluation(whole if side == "whole" else used, inputs)
            seconds[side].append(took)
            peaks[side].append(peak)
        mismatches += results["whole"] != results["used"]
    base, ours = statistics.median(seconds["used"]), statistics.median(seconds["whole"])
    base_mb, ours_mb = statistics.median(peaks["used"]), statistics.median(peaks["whole"])
    print(f"used-range references (baseline):          median {base:6.2f} s, peak {base_mb:6.0f} MB")
    print(f"whole-column references:                   median {ours:6.2f} s, peak {ours_mb:6.0f} MB")
    equal = f"outputs equal in {rounds - mismatches}/{rounds} rounds"
    print(f"ratio (whole columns / used range): {ours / base:.2f}x time, {ours_mb / base_mb:.2f}x memory; {equal}")


def round_inputs(round_number: int) -> dict[str, float]:
    return {"in0": 1.0 + round_number, "in3": 2.5 + 0.25 * round_number}


def filled(data: bytes, inputs: dict[str, float]) -> bytes:
    """The workbook with ``inputs`` written into column D by name, as the service writes them."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["viktor-input-sheet"]
    rows = {sheet[f"A{row}"].value: row for row in range(2, sheet.max_row + 1)}
    for name, value in inputs.items():
        sheet[f"D{rows[name]}"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def libreoffice_recalculation(soffice: str, data: bytes, work: Path) -> tuple[float, dict]:
    """Seconds for ``soffice --headless --convert-to xlsx`` of ``data``, and the outputs it computed."""
    source = work / "workbook.xlsx"
    source.write_bytes(data)
    out = work / "out"
    command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore"]
    start = time.perf_counter()
    subprocess.run(
        [*command, "--convert-to", "xlsx", "--outdir", str(out), str(source)], check=True, capture_output=True
    )
    took = time.perf_counter() - start
    sheet = openpyxl.load_workbook(out / "workbook.xlsx", data_only=True)["viktor-output-sheet"]
    values = {sheet[f"A{row}"].value: sheet[f"D{row}"].value for row in range(2, sheet.max_row + 1)}
    shutil.rmtree(work / "profile", ignore_errors=True)  # every run starts LibreOffice as the service does
    shutil.rmtree(out)
    return took, values


def service_evaluation(data: bytes, inputs: dict[str, float]) -> tuple[float, dict]:
    start = time.perf_counter()
    given = [SpreadsheetCalculationInput(name, value) for name, value in inputs.items()]
    values = SpreadsheetCalculation(io.BytesIO(data), given).evaluate().values
    return time.perf_counter() - start, values


def agree(ours: dict, theirs: dict) -> bool:
    """Equal outputs; numbers to LibreOffice's 15 significant digits."""
    if ours.keys() != theirs.keys():
        return False
    for name, value in ours.items():
        other = theirs[name]
        if isinstance(value, float) or isinstance(other, float):
            if not math.isclose(value, other, rel_tol=1e-13):
                return False
        elif value != other:
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="A/B pairs (default 5)")
    parser.add_argument("--skip-formulas", action="store_true", help="leave out the pure-Python engine's run")
    parser.add_argument("--whole-columns-only", action="store_true", help="only the whole-column workbook")
    args = parser.parse_args()
    whole_columns(args.rounds)
    if args.whole_columns_only:
        return
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is not installed: `make libreoffice`")
    data = workbook()
    formulas = _spreadsheet_engine._count_formulas(openpyxl.load_workbook(io.BytesIO(data)))
    print(
        f"baseline: LibreOffice alone recalculating the workbook (soffice --headless --convert-to xlsx), "
        f"{formulas} formula cells, {args.rounds} interleaved rounds"
    )
    ours: list[float] = []
    theirs: list[float] = []
    mismatches = 0
    with tempfile.TemporaryDirectory(prefix="vl-bench-spreadsheet-") as tmp:
        for number in range(args.rounds):
            inputs = round_inputs(number)
            sides = ["service", "libreoffice"] if number % 2 == 0 else ["libreoffice", "service"]
            results = {}
            for side in sides:
                if side == "service":
                    took, results[side] = service_evaluation(data, inputs)
                    ours.append(took)
                else:
                    took, results[side] = libreoffice_recalculation(soffice, filled(data, inputs), Path(tmp))
                    theirs.append(took)
            mismatches += not agree(results["service"], results["libreoffice"])
    base, our = statistics.median(theirs), statistics.median(ours)
    print(f"LibreOffice recalculation (baseline):      median {base:6.2f} s")
    print(f"SpreadsheetCalculation.evaluate():         median {our:6.2f} s")
    equal = f"outputs equal in {args.rounds - mismatches}/{args.rounds} rounds"
    print(f"ratio (SpreadsheetCalculation / LibreOffice): {our / base:.2f}x; {equal}")
    if args.skip_formulas:
        return
    inputs = {("viktor-input-sheet", "D2"): 42.0}
    wanted = [("viktor-output-sheet", f"D{row}") for row in range(2, 23)]
    _spreadsheet_formulas.clear_cache()
    start = time.perf_counter()
    _spreadsheet_formulas.compute(data, inputs, wanted, "bench")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    _spreadsheet_formulas.compute(data, {("viktor-input-sheet", "D2"): 43.0}, wanted, "bench")
    warm = time.perf_counter() - start
    print(f"formulas engine, compile + calculate:      {cold:6.2f} s = {cold / base:.1f}x the baseline (one run)")
    print(f"formulas engine, model kept, calculate:    {warm:6.2f} s = {warm / base:.1f}x the baseline (one run)")


if __name__ == "__main__":
    main()
