"""The document services inside real jobs: the compat apps word_report and spreadsheet_calc on real workers.

The Word report is downloaded and read back with python-docx, the merged drawings with pypdf, and
the spreadsheet's DataView is checked for two parameter sets.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
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
