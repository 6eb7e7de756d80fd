"""Reference details survive the import: shown, searched, exported and imported again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from desktop_app import cli_output
from desktop_app.operations import DetailView
from desktop_app.ui.detail_html import detail_html
from resources_db import catalogue, exporters
from resources_db.catalogue import ResourceDetail
from resources_db.importing import import_source
from resources_db.library import Library
from search_index.sync import LibraryIndex
from tests.resources_db.importers import FIXTURES

ARTICLE = "doi:10.5555/jis.2018.0003"


@pytest.fixture
def imported(library: Library) -> Library:
    outcome = import_source(library, str(FIXTURES / "references.ris"))
    assert (outcome.status, outcome.error) == ("imported", None)
    return library


def _detail(library: Library, uid: str) -> ResourceDetail:
    with library.db.session() as session:
        detail = catalogue.resource_detail(session, uid)
    assert detail is not None
    return detail


def test_authors_keep_the_files_order(imported: Library) -> None:
    detail = _detail(imported, ARTICLE)
    assert detail.document.authors == ("Zoe Adams", "Charles H. Zeanah", "S.A. Baldwin")


def test_show_gives_journal_volume_issue_pages_doi_and_notes(imported: Library) -> None:
    data = cli_output.detail_json(_detail(imported, ARTICLE), None, [])
    assert (data["journal"], data["volume"], data["issue"], data["pages"], data["doi"]) == (
        "Journal of Infant Studies",
        "12",
        "3",
        "201-215",
        "10.5555/jis.2018.0003",
    )
    assert data["extra"] == [
        {"label": "Notes", "value": "Reviewed for the induction reading list.\nIt carries on here."}
    ]
    text = cli_output.detail_text(data)
    assert "Journal:       Journal of Infant Studies, 12(3), 201-215" in text
    assert "DOI:           10.5555/jis.2018.0003" in text
    assert "Reviewed for the induction reading list." in text


def test_the_detail_pane_shows_them(imported: Library) -> None:
    html = detail_html(DetailView(_detail(imported, ARTICLE), None, []))
    assert "Journal of Infant Studies, 12(3), 201-215" in html
    assert "10.5555/jis.2018.0003" in html
    assert "Reviewed for the induction reading list.<br>It carries on here." in html


def test_search_finds_authors_as_first_last_and_the_new_kinds(imported: Library) -> None:
    index = LibraryIndex(imported)
    try:
        index.ensure_ready()
        found = index.search('author:"Sally Hogg"')
        # The starter catalogue has Sally Hogg's own pieces too.
        assert "Holding the baby in mind" in [hit.title for hit in found.hits]
        assert "S.A. Baldwin" in index.search('author:"Baldwin"').hits[0].authors
        assert {hit.kind for hit in index.search("type:thesis").hits} == {"thesis"}
        assert {hit.kind for hit in index.search("type:patent").hits} == {"patent"}
        articles = index.search("type:article")
        assert "journal article" in {hit.kind for hit in articles.hits}
    finally:
        index.close()


def test_csv_json_and_pack_exports_carry_the_details(imported: Library, tmp_path: Path) -> None:
    with imported.db.session() as session:
        selection = exporters.select_uids(session, "References", [ARTICLE])
        for fmt in ("csv", "json", "pack"):
            exporters.export(
                session, selection, fmt, tmp_path / f"out.{fmt}", imported.paths.attachments_dir
            )
    [row] = csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig")))
    assert (row["journal"], row["volume"], row["issue"], row["pages"], row["doi"]) == (
        "Journal of Infant Studies",
        "12",
        "3",
        "201-215",
        "10.5555/jis.2018.0003",
    )
    [entry] = json.loads((tmp_path / "out.json").read_text("utf-8"))["resources"]
    assert entry["journal"] == "Journal of Infant Studies" and entry["pages"] == "201-215"
    with imported.db.session() as session:
        handout = exporters.select_uids(session, "References", [ARTICLE])
        exporters.export(
            session, handout, "html", tmp_path / "out.html", imported.paths.attachments_dir
        )
    assert "Journal of Infant Studies, 12(3), 201-215." in (tmp_path / "out.html").read_text()


def test_a_pack_carries_the_details_into_another_library(imported: Library, tmp_path: Path) -> None:
    from resources_db.library import open_library

    with imported.db.session() as session:
        selection = exporters.select_uids(session, "References", [ARTICLE])
        exporters.export(
            session, selection, "pack", tmp_path / "refs.zip", imported.paths.attachments_dir
        )
    other = open_library(tmp_path / "other")
    try:
        assert import_source(other, str(tmp_path / "refs.zip")).added == 1
        detail = _detail(other, ARTICLE)
        assert (detail.journal, detail.pages, detail.doi) == (
            "Journal of Infant Studies",
            "201-215",
            "10.5555/jis.2018.0003",
        )
        assert detail.extra == [
            ("Notes", "Reviewed for the induction reading list.\nIt carries on here.")
        ]
        assert detail.document.authors == ("Zoe Adams", "Charles H. Zeanah", "S.A. Baldwin")
    finally:
        other.close()


def test_reimporting_finds_every_reference_again(imported: Library) -> None:
    again = import_source(imported, str(FIXTURES / "references.ris"))
    assert (again.added, again.updated) == (0, 0)  # every reference found again, unchanged
