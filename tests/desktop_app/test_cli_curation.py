"""add, edit, delete, bin, tag, untag and tags on the command line (DESIGN.md, Additions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.resources_db.packs_fixtures import resource, write_pack

WEEK = "imhaw-2020/week"
SHOW_KEYS = {
    "uid", "kind", "title", "organisations", "authors", "year", "url", "summary", "body",
    "topics", "audience", "published", "attachments", "bookmarked", "note", "collections",
    "tags", "deleted", "team", "status", "last_reviewed", "superseded_by", "transcript",
    "chapters",
}  # fmt: skip


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "lib")


def run(capsys: pytest.CaptureFixture[str], data_dir: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", data_dir, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], data_dir: str, *argv: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, data_dir, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def refused(capsys: pytest.CaptureFixture[str], data_dir: str, *argv: str) -> str:
    """A usage error: exit 2 and one sentence on stderr."""
    code, out, err = run(capsys, data_dir, *argv)
    assert code == 2, (out, err)
    assert err.strip().count("\n") == 0 and "Traceback" not in err
    return err


def test_add_prints_the_new_uid_and_show_finds_it(capsys, data_dir) -> None:
    code, out, _ = run(
        capsys, data_dir, "add", "--title", "Our audit", "--kind", "report",
        "--url", "https://example.org/audit", "--summary", "What we found.",
        "--author", "A. Person", "--author", "B. Other", "--org", "Our Trust",
        "--topic", "Sleep", "--topic", "audit", "--published", "2024-05",
    )  # fmt: skip
    assert code == 0
    uid = out.strip()
    assert uid.startswith("local/")
    shown = run_json(capsys, data_dir, "show", uid)
    assert shown["title"] == "Our audit" and shown["kind"] == "report"
    assert shown["authors"] == ["A. Person", "B. Other"]
    assert shown["organisations"] == ["Our Trust"]
    assert shown["topics"] == ["audit", "sleep"]
    assert (shown["published"], shown["year"]) == ("2024-05-01", 2024)
    assert shown["edited"] == []
    found = run_json(capsys, data_dir, "search", "audit")
    assert uid in [r["uid"] for r in found["results"]]


def test_add_json_prints_the_resource_as_show_does(capsys, data_dir) -> None:
    added = run_json(capsys, data_dir, "add", "--title", "A note of my own")
    assert set(added) >= SHOW_KEYS
    assert added["kind"] == "document" and added["published"] is None
    assert added == run_json(capsys, data_dir, "show", added["uid"])


def test_show_json_has_the_additions(capsys, data_dir) -> None:
    shown = run_json(capsys, data_dir, "show", WEEK)
    assert set(shown) >= SHOW_KEYS
    assert (shown["tags"], shown["deleted"], shown["team"], shown["status"]) == (
        [],
        False,
        False,
        "current",
    )
    # The starter items carry the date they were last checked against their sources.
    assert (shown["last_reviewed"], shown["superseded_by"], shown["transcript"]) == (
        "2026-12-02",
        None,
        None,
    )
    assert shown["chapters"] == []


def test_edit_replaces_lists_and_show_marks_the_edited_fields(capsys, data_dir) -> None:
    edited = run_json(
        capsys, data_dir, "edit", WEEK, "--title", "IMHAW 2020", "--org", "Parent-Infant Foundation"
    )
    assert edited["title"] == "IMHAW 2020"
    assert edited["organisations"] == ["Parent-Infant Foundation"]
    assert [e["field"] for e in edited["edited"]] == ["title", "organisations"]
    title_edit = edited["edited"][0]
    assert title_edit["source_changed"] is False
    assert title_edit["source_value"].startswith("Infant Mental Health Awareness Week 2020")
    code, out, _ = run(capsys, data_dir, "show", WEEK)
    assert code == 0 and "Edited:" in out and "title" in out
    code, out, _ = run(capsys, data_dir, "edit", WEEK, "--summary", "Mine.")
    assert code == 0 and out.strip() == f"Edited the summary of {WEEK}."
    code, out, _ = run(capsys, data_dir, "edit", WEEK, "--summary", "Mine.")
    assert code == 0 and "Nothing changed" in out


def test_an_edit_survives_reimport_and_show_gives_the_sources_new_value(
    capsys, data_dir, tmp_path
) -> None:
    first = write_pack(tmp_path / "v1", [resource("t/1", title="Old title")])
    assert run(capsys, data_dir, "import", str(first))[0] == 0
    assert run(capsys, data_dir, "edit", "t/1", "--title", "My title")[0] == 0
    second = write_pack(tmp_path / "v2", [resource("t/1", title="Their new title")])
    assert run(capsys, data_dir, "import", str(second))[0] == 0
    shown = run_json(capsys, data_dir, "show", "t/1")
    assert shown["title"] == "My title"
    assert shown["edited"] == [
        {"field": "title", "source_value": "Their new title", "source_changed": True}
    ]
    out = run(capsys, data_dir, "show", "t/1")[1]
    assert "the source now has: Their new title" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("edit", "no/such", "--title", "x"), "no resource"),
        (("edit", WEEK, "--published", "2020-13-01"), "not a date"),
        (("edit", WEEK, "--published", "June 2020"), "not a date"),
        (("edit", WEEK, "--kind", "spaceship"), "not a kind"),
        (("edit", WEEK, "--url", "ftp://example.org"), "not a link"),
        (("edit", WEEK, "--title", "  "), "needs a title"),
        (("edit", WEEK), "at least one field"),
        (("add", "--title", "x", "--published", "20200"), "not a date"),
        (("delete", WEEK, "no/such"), "no resource"),
        (("bin", "restore", WEEK), "not in the bin"),
        (("tag", "no/such", "x"), "no resource"),
        (("tag", WEEK, "a,b"), "comma"),
        (("untag", WEEK, "never-used"), "no tag"),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_changes_nothing(
    capsys, data_dir, argv, words
) -> None:
    before = run_json(capsys, data_dir, "show", WEEK)
    assert words in refused(capsys, data_dir, *argv)
    assert run_json(capsys, data_dir, "show", WEEK) == before
    assert run_json(capsys, data_dir, "bin")["resources"] == []


def test_add_without_a_title_is_a_usage_error(capsys, data_dir) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", data_dir, "add", "--kind", "report"])
    assert exit_info.value.code == 2


def test_delete_bin_list_restore_and_empty(capsys, data_dir) -> None:
    assert run(capsys, data_dir, "bookmark", WEEK, "--note", "for session 2")[0] == 0
    assert run(capsys, data_dir, "tag", WEEK, "Week one")[0] == 0
    code, out, _ = run(capsys, data_dir, "delete", WEEK, "imhaw-2020/day-1-monday")
    assert code == 0 and out.strip().startswith("Moved 2 resources to the bin")
    listing = run_json(capsys, data_dir, "bin")
    assert {r["uid"] for r in listing["resources"]} == {WEEK, "imhaw-2020/day-1-monday"}
    assert set(listing["resources"][0]) == {"uid", "kind", "title", "deleted_at"}
    assert run_json(capsys, data_dir, "bin", "list") == listing
    assert run_json(capsys, data_dir, "show", WEEK)["deleted"] is True
    found = run_json(capsys, data_dir, "search", "awareness week")
    assert WEEK not in [r["uid"] for r in found["results"]]
    out = run(capsys, data_dir, "bin")[1]
    assert "2 resources in the bin" in out
    code, out, _ = run(capsys, data_dir, "bin", "restore", WEEK)
    assert code == 0 and "Restored 1 resource" in out
    shown = run_json(capsys, data_dir, "show", WEEK)
    assert (shown["deleted"], shown["bookmarked"], shown["note"], shown["tags"]) == (
        False,
        True,
        "for session 2",
        ["Week one"],
    )
    code, out, _ = run(capsys, data_dir, "bin", "empty")
    assert code == 0 and out.strip().startswith("Emptied the bin: deleted 1 resource")
    assert "no resource" in refused(capsys, data_dir, "show", "imhaw-2020/day-1-monday")
    code, out, _ = run(capsys, data_dir, "bin", "empty")
    assert code == 0 and out.strip() == "The bin is empty."
    assert run(capsys, data_dir, "check")[0] == 0


def test_reimport_says_what_stayed_in_the_bin(capsys, data_dir, tmp_path) -> None:
    pack = write_pack(tmp_path / "p", [resource("t/1"), resource("t/2")])
    assert run(capsys, data_dir, "import", str(pack))[0] == 0
    assert run(capsys, data_dir, "delete", "t/1")[0] == 0
    code, out, _ = run(capsys, data_dir, "import", str(pack))
    assert code == 0 and "1 left in the bin" in out
    data = run_json(capsys, data_dir, "import", str(pack))
    assert data["updated"] == 0  # the contract's keys stay as they were; t/2 came unchanged
    assert [r["uid"] for r in run_json(capsys, data_dir, "bin")["resources"]] == ["t/1"]


def test_tag_untag_tags_and_tag_search(capsys, data_dir) -> None:
    code, out, _ = run(capsys, data_dir, "tag", WEEK, "Session 1", "sleep")
    assert code == 0 and "Session 1 and sleep" in out
    assert run(capsys, data_dir, "tag", "imhaw-2020/day-1-monday", "session 1")[0] == 0
    listing = run_json(capsys, data_dir, "tags")
    assert listing == {"tags": [{"name": "Session 1", "count": 2}, {"name": "sleep", "count": 1}]}
    assert run(capsys, data_dir, "tags")[1].splitlines() == ["Session 1 (2)", "sleep (1)"]
    assert run_json(capsys, data_dir, "show", WEEK)["tags"] == ["Session 1", "sleep"]
    found = run_json(capsys, data_dir, "search", 'tag:"session 1"')
    assert {r["uid"] for r in found["results"]} == {WEEK, "imhaw-2020/day-1-monday"}
    assert set(found["facets"]) == {"kind", "topic", "organisation", "year", "audience"}
    code, out, _ = run(capsys, data_dir, "untag", WEEK, "SLEEP")
    assert code == 0 and out.strip() == f"Removed 1 tag from {WEEK}."
    assert run_json(capsys, data_dir, "tags")["tags"] == [{"name": "Session 1", "count": 2}]
    assert run(capsys, data_dir, "untag", WEEK, "Session 1")[0] == 0
    assert run(capsys, data_dir, "untag", "imhaw-2020/day-1-monday", "session 1")[0] == 0
    assert run(capsys, data_dir, "tags")[1].startswith("No tags yet")
