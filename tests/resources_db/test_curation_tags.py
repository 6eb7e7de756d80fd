"""The user's own tags: names, rename and merge, kept through re-imports and carried in packs."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.operations import ExportRequest, Operations, UsageError
from tests.resources_db.packs_fixtures import resource, write_pack

WEEK = "imhaw-2020/week"
MONDAY = "imhaw-2020/day-1-monday"
TUESDAY = "imhaw-2020/day-2-tuesday"


@pytest.fixture
def ops(tmp_path: Path) -> Iterator[Operations]:
    opened = Operations.open(tmp_path / "lib")
    opened.prepare_index()
    yield opened
    opened.close()


def _counts(ops: Operations) -> list[tuple[str, int]]:
    return [(t.name, t.count) for t in ops.tag_counts()]


def test_tag_names_are_trimmed_and_unique_whatever_their_case(ops: Operations) -> None:
    added, changes = ops.tag([WEEK], ["  Session   one ", "session ONE", "Sleep"])
    assert added == 2 and changes.tags and changes.resources == {WEEK}
    ops.tag([MONDAY], ["SESSION ONE"])
    assert ops.tags_of(WEEK) == ["Session one", "Sleep"]  # the first spelling is kept
    assert ops.tags_of(MONDAY) == ["Session one"]
    assert _counts(ops) == [("Session one", 2), ("Sleep", 1)]
    again, nothing = ops.tag([WEEK], ["sleep"])
    assert again == 0 and nothing.empty


@pytest.mark.parametrize(("name", "words"), [(" ", "needs a name"), ("a,b", "comma")])
def test_bad_tag_names_are_refused(ops: Operations, name: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        ops.tag([WEEK], ["fine", name])
    assert ops.tags_of(WEEK) == []  # all or nothing


def test_untag_removes_and_an_unused_tag_disappears(ops: Operations) -> None:
    ops.tag([WEEK, MONDAY], ["Sleep", "Feeding"])
    assert ops.untag([WEEK], ["sleep"])[0] == 1
    assert _counts(ops) == [("Feeding", 2), ("Sleep", 1)]
    ops.untag([MONDAY], ["Sleep"])
    assert _counts(ops) == [("Feeding", 2)]
    with pytest.raises(UsageError, match="no tag named 'Sleep'"):
        ops.untag([WEEK], ["Sleep"])
    with pytest.raises(UsageError, match="no resource"):
        ops.tag(["no/such"], ["x"])


def test_rename_and_merge(ops: Operations) -> None:
    ops.tag([WEEK], ["sleep"])
    ops.tag([MONDAY], ["Settling"])
    ops.tag([TUESDAY], ["routines", "sleep"])
    ops.rename_tag("sleep", "Sleep")  # a change of case is a rename
    assert ops.tags_of(WEEK) == ["Sleep"]
    with pytest.raises(UsageError, match="merge"):
        ops.rename_tag("Settling", "sleep")
    changes = ops.merge_tags(["Settling", "routines"], "sleep")
    assert changes.resources == {MONDAY, TUESDAY} and changes.tags
    assert _counts(ops) == [("Sleep", 3)]
    ops.merge_tags(["Sleep"], "Sleep and settling")
    assert _counts(ops) == [("Sleep and settling", 3)]
    with pytest.raises(UsageError, match="other tag"):
        ops.merge_tags(["Sleep and settling"], "sleep and SETTLING")


def test_reimporting_never_touches_tags(ops: Operations, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [resource("t/1")])
    ops.import_sources([str(pack)])
    ops.tag(["t/1"], ["Mine"])
    ops.import_sources([str(write_pack(tmp_path / "p2", [resource("t/1", title="Renamed")]))])
    assert ops.tags_of("t/1") == ["Mine"]


def test_a_collections_pack_carries_its_tags_into_another_library(
    ops: Operations, tmp_path: Path
) -> None:
    ops.create_collection("Induction")
    ops.add_to_collection("Induction", [WEEK, MONDAY])
    ops.tag([WEEK, MONDAY], ["Week one"])
    ops.tag([WEEK], ["Core"])
    ops.tag([TUESDAY], ["Not in the list"])
    target = tmp_path / "induction.zip"
    ops.export(ExportRequest("collection", name="Induction"), "pack", target)
    with zipfile.ZipFile(target) as archive:
        manifest = archive.read("manifest.json").decode("utf-8")
    assert "Not in the list" not in manifest
    other = Operations.open(tmp_path / "other")
    try:
        other.prepare_index()
        other.tag([WEEK], ["core"])  # already there, in another case: joined, not doubled
        other.import_sources([str(target)])
        assert other.tags_of(WEEK) == ["core", "Week one"]
        assert other.tags_of(MONDAY) == ["Week one"]
        assert other.tags_of(TUESDAY) == []
    finally:
        other.close()


def test_a_pack_with_a_bad_tag_is_refused_whole(ops: Operations, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [resource("t/1")], tags=[{"name": "a,b", "uids": ["t/1"]}])
    [outcome] = ops.import_sources([str(pack)]).outcomes
    assert outcome.status == "rejected" and "comma" in (outcome.error or "")
    with pytest.raises(UsageError):
        ops.detail("t/1")


def test_tag_search_and_the_tags_facet(ops: Operations) -> None:
    ops.tag([WEEK, MONDAY], ["Week One"])
    ops.tag([TUESDAY], ["week two"])
    for typed in ('tag:"Week One"', 'tag:"WEEK ONE"', 'tags:"week  one"'):
        found = ops.search(typed, limit=50)
        assert {hit.uid for hit in found.hits} == {WEEK, MONDAY}, typed
    assert {h.uid for h in ops.search("pandemic", filters={"tag": ["Week One"]}).hits} <= {
        WEEK,
        MONDAY,
    }
    assert ops.search("tag:nothing-like-this").total == 0
    facets = ops.search("imhaw").facets
    assert facets["tag"] == {"Week One": 2, "week two": 1}
    # topics are still filtered by topic:, no longer by tag:
    assert ops.search("tag:sleep").total == 0


def test_tag_changes_reach_the_index_and_check_agrees(ops: Operations) -> None:
    ops.tag([WEEK], ["Session 1"])
    ops.rename_tag("Session 1", "Session one")
    assert [h.uid for h in ops.search('tag:"session one"').hits] == [WEEK]
    assert ops.search('tag:"session 1"').total == 0
    ops.delete_resources([WEEK])
    assert ops.search('tag:"session one"').total == 0
    assert ops.check().ok
    ops.restore_resources([WEEK])
    assert [h.uid for h in ops.search('tag:"session one"').hits] == [WEEK]
    ops.untag([WEEK], ["session one"])
    assert ops.search('tag:"session one"').total == 0
    assert ops.check().ok
