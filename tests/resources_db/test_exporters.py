"""Exports: packs that import back unchanged, and reading lists for people."""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from resources_db import catalogue, user_data
from resources_db.catalogue_writer import attachment_path
from resources_db.database import Database
from resources_db.exporters import (
    ExportError,
    export,
    select_bookmarks,
    select_collection,
    select_uids,
)
from resources_db.library import Library, open_library
from resources_db.paths import LibraryPaths
from tests.resources_db.packs_fixtures import resource, write_pack

WEEK = "imhaw-2020/week"
DAYS = [
    "imhaw-2020/day-1-monday",
    "imhaw-2020/day-2-tuesday",
    "imhaw-2020/day-3-wednesday",
    "imhaw-2020/day-4-thursday",
    "imhaw-2020/day-5-friday",
]
HANDOUT = "test/handout"
EPISODE = "test/episode"
PDF = b"%PDF-1.4 a small handout\n"


def add_test_resources(library: Library, tmp_path: Path) -> None:
    """A resource with an attachment and a podcast episode, which the starter has neither of."""
    folder = tmp_path / "extra"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "handout.pdf").write_bytes(PDF)
    handout = resource(
        HANDOUT,
        summary='=HYPERLINK("http://evil")',
        published="2021-03-04",
        authors=["Ann Author"],
        organisations=["Parent-Infant Foundation"],
        topics=["attachment"],
        attachments=[{"path": "files/handout.pdf", "title": "The handout"}],
    )
    episode = resource(
        EPISODE,
        kind="podcast episode",
        part_of=HANDOUT,
        duration_seconds=1800,
        episode=3,
        season=1,
        media_url="https://example.org/ep3.mp3",
    )
    library.import_pack(write_pack(folder, [handout, episode]))


def make_collection(library: Library) -> list[str]:
    uids = [HANDOUT, WEEK, *DAYS, EPISODE]
    with library.db.session() as session:
        user_data.create_collection(session, "Induction", "For new starters")
        user_data.add_to_collection(session, "Induction", uids)
        user_data.set_item_note(session, "Induction", WEEK, "Start <here>")
        user_data.set_item_note(session, "Induction", HANDOUT, "Print this")
        user_data.update_collection(session, "Induction", objectives="Know IMHAW\nName the days")
    return uids


def export_to(library: Library, target: Path, fmt: str, name: str = "Induction") -> int:
    with library.db.session() as session:
        selection = select_collection(session, name)
        return export(session, selection, fmt, target, library.paths.attachments_dir)


def empty_library(root: Path) -> Library:
    """A library with no starter catalogue, so everything in it came from the pack."""
    paths = LibraryPaths(root)
    paths.create()
    return Library(paths, Database(paths.database, paths.backups_dir))


def details(library: Library, uids: list[str]) -> dict[str, catalogue.ResourceDetail | None]:
    # ``parts`` lists the children a library holds, which differ between libraries.
    with library.db.session() as session:
        found = {uid: catalogue.resource_detail(session, uid) for uid in uids}
    return {uid: replace(d, parts=[]) if d else None for uid, d in found.items()}


def test_pack_round_trip_keeps_collection_and_fields(library, tmp_path) -> None:
    add_test_resources(library, tmp_path)
    uids = make_collection(library)
    target = tmp_path / "induction.imhpack"
    assert export_to(library, target, "pack") == len(uids)

    other = empty_library(tmp_path / "other")
    try:
        assert other.import_pack(target).added == len(uids)
        with other.db.session() as session:
            info = user_data.collection(session, "Induction")
        assert [item.uid for item in info.items] == uids
        assert info.items[1].note == "Start <here>"
        assert info.items[0].note == "Print this"
        assert info.objectives == "Know IMHAW\nName the days"
        assert info.description == "For new starters"
        imported = details(other, uids)
        assert imported == details(library, uids)
        week = imported[WEEK]
        assert week is not None and week.campaign is not None
        assert week.campaign.hashtags == ["#IMHAW20", "#IMHAW2020"]
        assert [day["uid"] for day in week.campaign.days] == DAYS
        assert week.campaign.figures[0]["value"] == 7400
        handout = imported[HANDOUT]
        assert handout is not None and handout.attachments[0].title == "The handout"
        assert handout.attachments[0].filename == "handout.pdf"
        sha = handout.attachments[0].sha256
        stored = attachment_path(other.paths.attachments_dir, sha, "handout.pdf")
        assert stored.read_bytes() == PDF
    finally:
        other.close()


def test_pack_imports_into_a_library_that_has_the_starter(library, tmp_path) -> None:
    make_collection_without_extras(library)
    target = tmp_path / "induction.imhpack"
    export_to(library, target, "pack")
    other = open_library(tmp_path / "other")
    try:
        other.import_pack(target)
        with other.db.session() as session:
            assert user_data.collection(session, "Induction").objectives == "Know IMHAW"
    finally:
        other.close()


def test_pack_drops_links_to_resources_outside_it(library, tmp_path) -> None:
    with library.db.session() as session:
        selection = select_uids(session, "", [DAYS[0], "no/such-uid"])
        assert selection.uids == [DAYS[0]]
        assert export(session, selection, "pack", tmp_path / "p.zip", tmp_path) == 1
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert "part_of" not in manifest["resources"][0]
    assert manifest["collections"][0]["name"] == "Exported resources"
    assert {o["name"] for o in manifest["organisations"]} >= set(
        manifest["resources"][0]["organisations"]
    )


def test_bookmarks_export_keeps_notes(library, tmp_path) -> None:
    with library.db.session() as session:
        user_data.set_bookmark(session, WEEK, "share with trainees")
        user_data.set_bookmark(session, DAYS[0])
    target = tmp_path / "bookmarks.zip"
    with library.db.session() as session:
        selection = select_bookmarks(session)
        assert export(session, selection, "pack", target, library.paths.attachments_dir) == 2
    other = empty_library(tmp_path / "other")
    try:
        other.import_pack(target)
        with other.db.session() as session:
            info = user_data.collection(session, "Bookmarks")
        assert {item.uid: item.note for item in info.items} == {
            WEEK: "share with trainees",
            DAYS[0]: "",
        }
    finally:
        other.close()


def test_csv_rows_in_order_with_formula_guard(library, tmp_path) -> None:
    add_test_resources(library, tmp_path)
    uids = make_collection(library)
    target = tmp_path / "list.csv"
    export_to(library, target, "csv")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["uid"] for row in rows] == uids
    assert rows[0]["summary"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["year"] == "2021" and rows[0]["note"] == "Print this"
    assert rows[0]["authors"] == "Ann Author"
    assert rows[1]["note"] == "Start <here>"


def test_json_parses(library, tmp_path) -> None:
    uids = make_collection_without_extras(library)
    target = tmp_path / "list.json"
    assert export_to(library, target, "json") == 2
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["title"] == "Induction"
    assert document["objectives"] == "Know IMHAW"
    assert [r["uid"] for r in document["resources"]] == uids
    assert document["resources"][0]["note"] == "<script>alert(1)</script>"
    assert document["resources"][0]["year"] == 2020


def make_collection_without_extras(library: Library) -> list[str]:
    uids = [WEEK, DAYS[0]]
    with library.db.session() as session:
        user_data.create_collection(session, "Induction")
        user_data.add_to_collection(session, "Induction", uids)
        user_data.set_item_note(session, "Induction", WEEK, "<script>alert(1)</script>")
        user_data.update_collection(session, "Induction", objectives="Know IMHAW")
    return uids


def test_html_handout_escapes_and_shows_objectives(library, tmp_path) -> None:
    make_collection_without_extras(library)
    target = tmp_path / "list.html"
    export_to(library, target, "html")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Know IMHAW" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text
    assert "Infant Mental Health Awareness Week" in text


@pytest.mark.parametrize(
    ("fmt", "folder", "message"),
    [("docx", "", "not an export format"), ("csv", "missing", "does not exist")],
)
def test_bad_requests_raise_and_leave_no_file(library, tmp_path, fmt, folder, message) -> None:
    make_collection_without_extras(library)
    out = tmp_path / "out"
    out.mkdir()
    target = out / folder / "list.out"
    with pytest.raises(ExportError, match=message):
        export_to(library, target, fmt)
    assert list(out.iterdir()) == []


def test_failed_write_leaves_old_file_untouched(library, tmp_path) -> None:
    make_collection_without_extras(library)
    target = tmp_path / "list.csv"
    target.mkdir()  # a folder in the way: the rename fails
    with pytest.raises(ExportError, match="Cannot write"):
        export_to(library, target, "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library", "list.csv"]
    assert target.is_dir()


def test_unknown_collection_is_an_export_error(library) -> None:
    with pytest.raises(ExportError, match="no collection"), library.db.session() as session:
        select_collection(session, "Nope")
