"""A person re-importing their own export: nothing they had is lost or blanked."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resources_db import catalogue, curation, edits, exporters, index_queue, user_data
from resources_db.curation import ResourceFields
from resources_db.importing import import_source
from resources_db.library import Library
from search_index.sync import LibraryIndex

LIST = "IMHAW 2020 at a glance"
WEEK = "imhaw-2020/week"
INFOGRAPHIC = "imhaw-2020/infographic"


def _export(library: Library, fmt: str, target: Path) -> Path:
    with library.db.session() as session:
        selection = exporters.select_collection(session, LIST)
        exporters.export(session, selection, fmt, target, library.paths.attachments_dir)
    return target


def _import(library: Library, source: Path) -> tuple[int, int]:
    outcome = import_source(library, str(source))
    assert outcome.status == "imported", outcome.error
    return outcome.added, outcome.updated


def _details(library: Library, uids: list[str]) -> dict[str, catalogue.ResourceDetail]:
    with library.db.session() as session:
        found = {uid: catalogue.resource_detail(session, uid) for uid in uids}
    return {uid: detail for uid, detail in found.items() if detail is not None}


def _list_uids(library: Library) -> list[str]:
    with library.db.session() as session:
        return exporters.select_collection(session, LIST).uids


@pytest.mark.parametrize("fmt", ["json", "csv", "pack", "ris"])
def test_reimporting_an_export_of_a_list_changes_nothing(
    library: Library, tmp_path: Path, fmt: str
) -> None:
    uids = _list_uids(library)
    before = _details(library, uids)
    with library.db.session() as session:
        campaigns = catalogue.directory_counts(session)["campaigns"]
    assert before[WEEK].document.body and before[WEEK].campaign is not None
    assert before[INFOGRAPHIC].part_of is not None

    counts = _import(library, _export(library, fmt, tmp_path / f"list.{fmt}"))

    assert counts == (0, 0)  # the file says nothing the library does not already hold
    assert _details(library, uids) == before
    with library.db.session() as session:
        assert catalogue.directory_counts(session)["campaigns"] == campaigns


def test_a_file_without_a_column_leaves_that_field_as_it_is(
    library: Library, tmp_path: Path
) -> None:
    before = _details(library, [WEEK])[WEEK]
    source = tmp_path / "titles.csv"
    source.write_text(f"uid,title\n{WEEK},A new title for the week\n", encoding="utf-8")

    assert _import(library, source) == (0, 1)

    after = _details(library, [WEEK])[WEEK]
    assert after.document.title == "A new title for the week"
    kept = (after.document, before.document)
    for name in ("kind", "body", "summary", "settings", "formats", "authors", "organisations"):
        assert getattr(kept[0], name) == getattr(kept[1], name), name
    assert (after.source, after.campaign) == (before.source, before.campaign)


def test_a_column_given_empty_still_empties_its_field(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "cleared.csv"
    source.write_text(f"uid,title,summary\n{WEEK},The week,\n", encoding="utf-8")
    _import(library, source)
    assert _details(library, [WEEK])[WEEK].document.summary == ""


@pytest.mark.parametrize("fmt", ["json", "csv", "pack", "ris"])
def test_an_item_note_stays_the_lists_note(library: Library, tmp_path: Path, fmt: str) -> None:
    _import(library, _export(library, fmt, tmp_path / f"list.{fmt}"))
    with library.db.session() as session:
        notes = {item.uid: item.note for item in user_data.collection(session, LIST).items}
    assert notes[INFOGRAPHIC]
    for uid, detail in _details(library, list(notes)).items():
        assert all(label.lower() != "note" for label, _ in detail.extra), uid


def test_a_changed_campaign_reindexes_the_parts_found_by_it(
    library: Library, tmp_path: Path
) -> None:
    index = LibraryIndex(library)
    try:
        index.ensure_ready()
        parts = {hit.uid for hit in index.search("campaign:imhaw").hits} - {WEEK}
        assert parts
        manifest_pack = _export(library, "pack", tmp_path / "list.zip")
        changed = _with_campaign_name(manifest_pack, tmp_path / "renamed.zip", "Zebraweek")
        _import(library, changed)
        with library.db.session() as session:
            queued = {uid for _, uid in index_queue.pending(session)}
        assert parts <= queued
        index.catch_up()
        found = {hit.uid for hit in index.search("campaign:zebraweek").hits}
        assert found == parts | {WEEK}
        assert index.check().ok
    finally:
        index.close()


def _with_campaign_name(pack: Path, target: Path, name: str) -> Path:
    def rename(manifest: dict[str, Any]) -> None:
        for entry in manifest["resources"]:
            if entry.get("campaign"):
                entry["campaign"]["name"] = name
                entry["campaign"]["short_name"] = name

    return _rewritten(pack, target, rename)


def _rewritten(pack: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of ``pack`` whose manifest ``change`` altered."""
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode("utf-8")
            copy.writestr(info, data)
    return target


def _edit_title(library: Library, uid: str, title: str) -> None:
    with library.db.session() as session:
        curation.edit_resource(session, uid, ResourceFields(title=title))


def _title_edits(library: Library, uid: str) -> list[edits.FieldEdit]:
    with library.db.session() as session:
        return [edit for edit in edits.edits_of(session, uid) if edit.field == "title"]


@pytest.mark.parametrize("fmt", ["pack", "json", "csv", "ris"])
def test_an_edit_survives_a_round_trip_of_the_persons_own_export(
    library: Library, tmp_path: Path, fmt: str
) -> None:
    original = _details(library, [INFOGRAPHIC])[INFOGRAPHIC].document.title
    _edit_title(library, INFOGRAPHIC, "Edited infographic")
    [before] = _title_edits(library, INFOGRAPHIC)

    # The person's own title is no change of the source's: nothing is "updated".
    assert _import(library, _export(library, fmt, tmp_path / f"list.{fmt}")) == (0, 0)

    [after] = _title_edits(library, INFOGRAPHIC)  # "Use the source's version" is still there
    assert after.source_value == original == before.source_value
    assert not after.source_changed
    detail = _details(library, [INFOGRAPHIC])[INFOGRAPHIC]
    assert (detail.document.title, detail.currency.status) == ("Edited infographic", "current")


def test_an_exported_edit_says_what_the_source_gave_and_a_newer_source_value_is_noted(
    library: Library, tmp_path: Path
) -> None:
    original = _details(library, [INFOGRAPHIC])[INFOGRAPHIC].document.title
    _edit_title(library, INFOGRAPHIC, "Edited infographic")
    pack = _export(library, "pack", tmp_path / "list.zip")
    with zipfile.ZipFile(pack) as archive:
        entries = json.loads(archive.read("manifest.json"))["resources"]
    [entry] = [e for e in entries if e["uid"] == INFOGRAPHIC]
    assert (entry["title"], entry["edited"]) == ("Edited infographic", {"title": original})

    def source_moved(manifest: dict[str, Any]) -> None:
        for item in manifest["resources"]:
            if item["uid"] == INFOGRAPHIC:
                item["edited"]["title"] = "The source moved"

    _import(library, _rewritten(pack, tmp_path / "moved.zip", source_moved))

    [edit] = _title_edits(library, INFOGRAPHIC)
    assert (edit.source_value, edit.source_changed) == ("The source moved", True)
