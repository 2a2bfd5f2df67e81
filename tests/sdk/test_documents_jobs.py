"""The document services inside real jobs: the compat apps word_report, spreadsheet_calc and
spreadsheet_xls on real workers.

The Word report is downloaded and read back with python-docx, the merged drawings with pypdf, and
the spreadsheets' DataViews are checked for two parameter sets each (the .xls one through a real
LibreOffice, which it needs).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from starlette.testclient import TestClient

COMPAT_APPS = Path(__file__).parent.parent / "compat_apps"


def new_entity(client: TestClient) -> int:
    response = client.post("/api/entities", json={"entity_type": "Controller", "name": "e"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def run(client: TestClient, entity_id: int, method: str, params: dict | None = None) -> dict:
    body: dict = {"method": method} if params is None else {"method": method, "params": params}
    response = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert response.status_code == 202, response.text
    job = client.get(f"/api/jobs/{response.json()['job_id']}", params={"wait": 60}).json()
    assert job["status"] == "finished", job.get("error")
    return job["result"]


def blob(client: TestClient, reference: dict) -> bytes:
    response = client.get(f"/api/blobs/{reference['blob']}")
    assert response.status_code == 200
    return response.content


def test_word_report_download_and_merged_drawings(start_app):
    running = start_app(COMPAT_APPS / "word_report")
    with running.client() as client:
        entity_id = new_entity(client)
        params = client.get(f"/api/entities/{entity_id}").json()["params"]
        params.update(client="Quay & Co", span=8)
        report = run(client, entity_id, "download_report", params)
        assert report["file"]["filename"] == "beam_report.docx"
        document = docx.Document(io.BytesIO(blob(client, report["file"])))
        text = [p.text for p in document.paragraphs]
        assert "Client: Quay & Co" in text
        assert "Span 8 m under a load of 10 kN/m." in text
        assert "Maximum bending moment: 80.0 kNm." in text
        assert "Checks: bending; shear; " in text
        assert len(document.inline_shapes) == 1 and round(document.inline_shapes[0].width.pt) == 300

        drawings = run(client, entity_id, "drawings", params)
        pages = pypdf.PdfReader(io.BytesIO(blob(client, drawings["file"]))).pages
        assert [page.extract_text().strip() for page in pages] == ["Side view", "Top view"]


def test_spreadsheet_data_view_recalculates_for_each_parameter_set(start_app):
    running = start_app(COMPAT_APPS / "spreadsheet_calc")
    with running.client() as client:
        entity_id = new_entity(client)

        def values(params: dict) -> dict:
            result = run(client, entity_id, "check", params)
            return {item["key"]: item["value"] for item in result["data"]}

        assert values({"length": 6, "load": 10, "section_modulus": 557}) == {
            "moment": 45.0,
            "stress": 45000 / 557,
            "unity_check": 0.344,
            "verdict": "OK",
        }
        assert values({"length": 10, "load": 30, "section_modulus": 500}) == {
            "moment": 375.0,
            "stress": 750.0,
            "unity_check": 3.191,
            "verdict": "NOT OK",
        }


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_an_xls_workbook_in_a_data_view_and_its_filled_download(start_app):
    running = start_app(COMPAT_APPS / "spreadsheet_xls")
    with running.client() as client:
        entity_id = new_entity(client)

        def values(params: dict) -> dict:
            result = run(client, entity_id, "check", params)
            return {item["key"]: item["value"] for item in result["data"]}

        # IPE 240: Wy 324 cm3, Iy 3892 cm4, 30.7 kg/m; deflection 5qL^4/(384EI) = 9.96 mm
        assert values({"profile": "IPE 240", "span": 5, "load": 10}) == {
            "section_modulus": 324,
            "moment": 31.25,
            "stress": 31250 / 324,
            "unity_check": 0.41,
            "deflection": 10.0,
            "mass": 153.5,
            "verdict": "OK",
        }
        # IPE 200 over 8 m under 15 kN/m: 2.6 times the yield strength
        checked = values({"profile": "IPE 200", "span": 8, "load": 15})
        assert checked["stress"] == 120000 / 194 and checked["unity_check"] == 2.632
        assert checked["verdict"] == "NOT OK" and checked["mass"] == pytest.approx(179.2)

        download = run(client, entity_id, "download_filled", {"profile": "IPE 330", "span": 7, "load": 12})
        assert download["file"]["filename"] == "profile_check_filled.xlsx"
        filled = openpyxl.load_workbook(io.BytesIO(blob(client, download["file"])))
        assert [filled["viktor-input-sheet"][f"D{row}"].value for row in (2, 3, 4, 5)] == ["IPE 330", 7, 12, 235]
