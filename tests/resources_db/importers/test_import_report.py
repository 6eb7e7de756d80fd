"""What an import reports: rows left out with their reason, a pack's reading lists."""

from __future__ import annotations

import json
from pathlib import Path

from resources_db.importing import import_source
from resources_db.library import Library
from tests.resources_db.importers import FIXTURES
from tests.resources_db.packs_fixtures import resource, write_pack


def test_skipped_rows_are_reported_with_their_reason(library: Library) -> None:
    outcome = import_source(library, str(FIXTURES / "reading-list.csv"))
    data = outcome.as_json()
    assert (data["status"], data["added"]) == ("imported", 4)
    assert data["skipped"] == [
        {"row": 4, "reason": "it has no title"},
        {"row": 7, "reason": "the same resource as row 6 (same DOI)"},
    ]
    text = outcome.text()
    assert "2 rows skipped" in text
    assert "row 4: it has no title" in text


def test_the_json_keeps_its_contract_keys(library: Library) -> None:
    data = import_source(library, str(FIXTURES / "resources.json")).as_json()
    assert set(data) == {
        "source",
        "format",
        "status",
        "added",
        "updated",
        "error",
        "skipped",
        "collections",
    }
    assert data["skipped"] == [{"row": 4, "reason": "it has no title"}]
    assert data["collections"] == []
    rejected = import_source(library, str(FIXTURES / "no-title.csv")).as_json()
    assert (rejected["status"], rejected["skipped"]) == ("rejected", [])


def test_a_pack_names_the_reading_lists_it_brought(library: Library, tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "induction",
        [resource("induction/one"), resource("induction/two")],
        collections=[
            {"name": "Induction week", "items": [{"uid": "induction/one", "note": "Read first"}]},
            {"name": "Further reading", "items": [{"uid": "induction/two"}]},
        ],
    )
    first = import_source(library, str(pack))
    assert first.as_json()["collections"] == ["Induction week", "Further reading"]
    assert "Reading lists brought: Induction week, Further reading" in first.text()
    again = import_source(library, str(pack))
    assert again.collections == ["Induction week", "Further reading"]
    assert "Already in your library, left as they are: Induction week, Further reading" in (
        again.text()
    )


def test_the_command_line_prints_them(capsys, tmp_path: Path) -> None:
    from desktop_app.cli import main

    data_dir = str(tmp_path / "lib")
    source = str(FIXTURES / "reading-list.csv")
    assert main(["--data-dir", data_dir, "import", source, "--json"]) == 0
    [printed] = json.loads(capsys.readouterr().out)["sources"]
    assert printed["skipped"][0] == {"row": 4, "reason": "it has no title"}
    assert main(["--data-dir", data_dir, "import", source]) == 0
    out = capsys.readouterr().out
    assert "2 rows skipped:" in out and "row 7: the same resource as row 6 (same DOI)" in out
