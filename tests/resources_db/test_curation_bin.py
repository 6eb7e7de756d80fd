"""The bin: deleted resources leave search and lists, keep what the user attached, and
stay deleted through re-imports until restored or the bin is emptied."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.operations import Operations, UsageError
from resources_db import catalogue, resource_bin
from resources_db.importing import import_source
from resources_db.user_data_file import write_user_data
from tests.resources_db.packs_fixtures import resource, write_pack

WEEK = "imhaw-2020/week"
FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def ops(tmp_path: Path) -> Iterator[Operations]:
    opened = Operations.open(tmp_path / "lib")
    opened.prepare_index()
    yield opened
    opened.close()


def _found(ops: Operations, query: str) -> list[str]:
    return [hit.uid for hit in ops.search(query, limit=100).hits]


def _with_user_layer(ops: Operations, uid: str) -> None:
    ops.set_bookmark(uid, "read before session 2")
    ops.create_collection("Induction")
    ops.add_to_collection("Induction", [uid, "imhaw-2020/day-1-monday"])
    ops.tag([uid], ["Week one"])
    ops.record_view(uid)


def test_a_deleted_resource_leaves_search_and_every_list(ops: Operations) -> None:
    _with_user_layer(ops, WEEK)
    assert WEEK in _found(ops, "awareness week")
    changes = ops.delete_resources([WEEK])
    assert changes.resources == {WEEK} and changes.bin and changes.catalogue
    assert changes.bookmarks and "Induction" in changes.collections and changes.tags
    assert WEEK not in _found(ops, "awareness week")
    assert WEEK not in ops.matching_uids("awareness week")
    assert WEEK not in [b.uid for b in ops.bookmarks()]
    assert [i.uid for i in ops.collection("Induction").items] == ["imhaw-2020/day-1-monday"]
    assert WEEK not in ops.recently_viewed()
    assert ops.tag_counts() == []
    assert [b.uid for b in ops.binned()] == [WEEK]
    view = ops.detail(WEEK)  # still there to look at, marked as deleted
    assert view.detail.deleted_at is not None
    assert ops.check().ok  # the index agrees with the database: the resource is absent


def test_restore_brings_back_bookmark_note_tags_and_place_in_collections(
    ops: Operations,
) -> None:
    _with_user_layer(ops, WEEK)
    ops.delete_resources([WEEK])
    ops.restore_resources([WEEK])
    assert WEEK in _found(ops, "awareness week")
    assert [(b.uid, b.note) for b in ops.bookmarks()] == [(WEEK, "read before session 2")]
    assert [i.uid for i in ops.collection("Induction").items] == [WEEK, "imhaw-2020/day-1-monday"]
    assert ops.tags_of(WEEK) == ["Week one"]
    assert WEEK in ops.recently_viewed()
    assert ops.binned() == []
    assert ops.check().ok


def test_reordering_a_collection_keeps_a_deleted_items_place(ops: Operations) -> None:
    ops.create_collection("Order")
    ops.add_to_collection("Order", ["imhaw-2020/day-1-monday", WEEK, "imhaw-2020/day-2-tuesday"])
    ops.delete_resources([WEEK])
    ops.reorder_collection("Order", ["imhaw-2020/day-2-tuesday", "imhaw-2020/day-1-monday"])
    ops.restore_resources([WEEK])
    assert [i.uid for i in ops.collection("Order").items] == [
        "imhaw-2020/day-2-tuesday",
        WEEK,
        "imhaw-2020/day-1-monday",
    ]


def test_a_reimport_leaves_a_deleted_resource_in_the_bin_and_says_so(
    ops: Operations, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "p1", [resource("t/1"), resource("t/2")])
    ops.import_sources([str(pack)])
    ops.delete_resources(["t/1"])
    changed = write_pack(tmp_path / "p2", [resource("t/1", summary="New"), resource("t/2")])
    report = ops.import_sources([str(changed)])
    [outcome] = report.outcomes
    assert (outcome.added, outcome.updated, outcome.binned) == (0, 0, 1)  # t/2 unchanged
    assert "1 left in the bin" in outcome.text()
    assert [b.uid for b in ops.binned()] == ["t/1"]
    assert "t/1" not in _found(ops, "Title")
    assert ops.detail("t/1").detail.document.summary == "New"  # updated all the same
    assert ops.check().ok


def test_a_feed_refresh_does_not_bring_a_deleted_episode_back(
    ops: Operations, tmp_path: Path
) -> None:
    feed = tmp_path / "podcast.rss"
    shutil.copy(FIXTURES / "imports" / "podcast.rss", feed)
    ops.import_sources([str(feed)])
    episode = next(h.uid for h in ops.search("type:podcast", limit=50).hits)
    ops.delete_resources([episode])
    [outcome] = ops.import_sources([str(feed)]).outcomes
    assert outcome.binned == 1
    assert episode not in [h.uid for h in ops.search("type:podcast", limit=50).hits]


def test_emptying_the_bin_counts_and_deletes_the_user_layer(ops: Operations) -> None:
    _with_user_layer(ops, WEEK)
    ops.tag(["imhaw-2020/day-1-monday"], ["Week one"])
    ops.delete_resources([WEEK, "imhaw-2020/day-3-wednesday"])
    assert ops.bin_counts() == resource_bin.BinCounts(
        # both are also in the starter's reading list, with a note each
        resources=2,
        bookmarks=1,
        notes=3,
        tags=1,
        collection_items=3,
    )
    counts, changes = ops.empty_bin()
    assert counts.resources == 2 and changes.bin
    assert ops.binned() == []
    with pytest.raises(UsageError, match="no resource"):
        ops.detail(WEEK)
    with ops.unit_of_work() as session:
        assert catalogue.resource_count(session, with_bin=True) == catalogue.resource_count(session)
        assert user_layer_rows(session, WEEK) == 0
    assert [(t.name, t.count) for t in ops.tag_counts()] == [("Week one", 1)]
    assert ops.check().ok
    assert ops.empty_bin()[0].resources == 0


def user_layer_rows(session: object, uid: str) -> int:
    from sqlalchemy import func, select

    from resources_db.models import Bookmark, CollectionItem, HistoryEntry, ResourceTag

    total = 0
    for column in (
        Bookmark.resource_uid,
        CollectionItem.resource_uid,
        ResourceTag.resource_uid,
        HistoryEntry.resource_uid,
    ):
        total += session.scalar(select(func.count()).where(column == uid)) or 0  # type: ignore[attr-defined]
    return total


def test_delete_refuses_an_unknown_uid_and_changes_nothing(ops: Operations) -> None:
    with pytest.raises(UsageError, match="no resource"):
        ops.delete_resources([WEEK, "no/such"])
    assert ops.binned() == []
    with pytest.raises(UsageError, match="not in the bin"):
        ops.restore_resources([WEEK])
    ops.delete_resources([WEEK])
    assert ops.delete_resources([WEEK]).empty  # already there: nothing more to do


def test_a_resource_in_the_bin_cannot_be_bookmarked_or_collected(ops: Operations) -> None:
    ops.delete_resources([WEEK])
    ops.create_collection("Later")
    for attempt in (
        lambda: ops.set_bookmark(WEEK),
        lambda: ops.add_to_collection("Later", [WEEK]),
        lambda: ops.tag([WEEK], ["x"]),
    ):
        with pytest.raises(UsageError, match="in the bin"):
            attempt()


def test_the_user_data_file_carries_the_bin_and_tags(ops: Operations, tmp_path: Path) -> None:
    ops.tag([WEEK, "imhaw-2020/day-1-monday"], ["Session 1"])
    ops.delete_resources(["imhaw-2020/day-2-tuesday"])
    saved = tmp_path / "mine.json"
    with ops.unit_of_work() as session:
        write_user_data(session, saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["tags"] == [{"name": "Session 1", "uids": ["imhaw-2020/day-1-monday", WEEK]}]
    assert [entry["uid"] for entry in data["bin"]] == ["imhaw-2020/day-2-tuesday"]
    other = Operations.open(tmp_path / "other")
    try:
        other.prepare_index()
        report = other.import_sources([str(saved)])
        assert report.outcomes[0].format == "user-data"
        assert other.tags_of(WEEK) == ["Session 1"]
        assert [b.uid for b in other.binned()] == ["imhaw-2020/day-2-tuesday"]
        assert "imhaw-2020/day-2-tuesday" not in other.matching_uids("pandemic")
    finally:
        other.close()


def test_a_library_with_only_deleted_resources_is_not_refilled(tmp_path: Path) -> None:
    ops = Operations.open(tmp_path / "lib")
    with ops.unit_of_work() as session:
        everything = sorted(catalogue.all_uids(session))
    ops.delete_resources(everything)
    ops.close()
    again = Operations.open(tmp_path / "lib")
    try:
        assert again.resource_count() == 0
        assert len(again.binned()) == len(everything)
    finally:
        again.close()


def test_import_source_reports_binned_for_the_same_file(ops: Operations, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [resource("t/9")])
    ops.import_sources([str(pack)])
    ops.delete_resources(["t/9"])
    outcome = import_source(ops.library, str(pack))
    assert (outcome.updated, outcome.binned) == (0, 1)


def test_a_deletion_merged_from_a_file_holds_when_the_resource_arrives_later(
    ops: Operations, tmp_path: Path
) -> None:
    saved = tmp_path / "mine.json"
    saved.write_text(
        json.dumps(
            {
                "format": "imh-library-user-data",
                "version": 1,
                "bin": [{"uid": "t/later", "deleted_at": "2026-12-01T10:00:00"}],
            }
        ),
        encoding="utf-8",
    )
    ops.import_sources([str(saved)])
    [outcome] = ops.import_sources(
        [str(write_pack(tmp_path / "p", [resource("t/later")]))]
    ).outcomes
    assert (outcome.added, outcome.binned) == (0, 1)
    assert [b.uid for b in ops.binned()] == ["t/later"]
    assert "t/later" not in _found(ops, "Title")
