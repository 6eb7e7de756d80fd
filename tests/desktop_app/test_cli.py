"""The imh-library command line, run in-process on a real library folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.resources_db.packs_fixtures import resource, write_pack

WEDNESDAY_TITLE_WORD = "pandemic"


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "lib")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_search_json_shape_and_first_hit(capsys, data_dir) -> None:
    data = run_json(capsys, "--data-dir", data_dir, "search", "babies pandemic")
    assert set(data) == {"query", "total", "corrected", "results", "facets"}
    assert data["query"] == "babies pandemic"
    assert data["corrected"] is None
    first = data["results"][0]
    assert set(first) == {
        "uid", "kind", "title", "organisations", "authors", "year", "url", "score", "snippet",
        "moments",
    }  # fmt: skip
    assert first["moments"] == []  # no transcript says where: an empty list
    # The further-reading pack's Babies in Lockdown shares the top two with the Wednesday.
    day = next(r for r in data["results"][:2] if r["kind"] == "campaign day")
    assert WEDNESDAY_TITLE_WORD in day["title"].lower()
    assert set(data["facets"]) == {"kind", "topic", "organisation", "year", "audience"}
    assert data["facets"]["year"].get("2020", 0) >= 1


def test_data_dir_accepted_after_the_command(capsys, data_dir) -> None:
    data = run_json(capsys, "search", "Sally Hogg", "--data-dir", data_dir, "--limit", "3")
    assert len(data["results"]) == 3
    assert all("Sally Hogg" in r["authors"] for r in data["results"])


def test_a_word_found_nowhere_is_named_not_dropped_silently(capsys, data_dir) -> None:
    code, out, _ = run(capsys, "--data-dir", data_dir, "search", "pandemic zzzzqqq")
    assert code == 0
    assert out.splitlines()[0] == (
        "Nothing in the library matches “zzzzqqq”: showing results for the other words."
    )
    assert WEDNESDAY_TITLE_WORD in out.lower()


def test_no_hits_is_success(capsys, data_dir) -> None:
    data = run_json(capsys, "--data-dir", data_dir, "search", "zzzzqqq")
    assert data["total"] == 0 and data["results"] == []


def test_misspelling_is_corrected(capsys, data_dir) -> None:
    data = run_json(capsys, "--data-dir", data_dir, "search", "pandemc")
    assert data["corrected"] == "pandemic"
    assert data["results"]


def test_show_bookmark_and_collections_are_reflected(capsys, data_dir) -> None:
    uid = "imhaw-2020/week"
    assert run(capsys, "--data-dir", data_dir, "bookmark", uid, "--note", "session 1")[0] == 0
    assert run(capsys, "--data-dir", data_dir, "collection", "create", "Induction")[0] == 0
    assert run(capsys, "--data-dir", data_dir, "collection", "add", "Induction", uid)[0] == 0
    shown = run_json(capsys, "--data-dir", data_dir, "show", uid)
    assert shown["bookmarked"] is True and shown["note"] == "session 1"
    assert "Induction" in shown["collections"]
    assert shown["campaign"]["hashtags"] == ["#IMHAW20", "#IMHAW2020"]
    listing = run_json(capsys, "--data-dir", data_dir, "collection", "list")
    names = [c["name"] for c in listing["collections"]]
    assert "Induction" in names
    assert run(capsys, "--data-dir", data_dir, "unbookmark", uid)[0] == 0
    assert run_json(capsys, "--data-dir", data_dir, "show", uid)["bookmarked"] is False


def test_usage_errors_exit_2_with_one_sentence(capsys, data_dir) -> None:
    code, _, err = run(capsys, "--data-dir", data_dir, "show", "no/such/uid")
    assert code == 2 and err.strip().count("\n") == 0 and "no resource" in err
    code, _, err = run(capsys, "--data-dir", data_dir, "bookmark", "no/such/uid")
    assert code == 2 and "Traceback" not in err
    code, _, err = run(capsys, "--data-dir", data_dir, "collection", "add", "Nope", "x")
    assert code == 2 and "no collection" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--limit", "0"])
    assert exit_info.value.code == 2


def test_import_reports_each_source_and_rejects_bad_ones(capsys, data_dir, tmp_path) -> None:
    good = write_pack(tmp_path / "good", [resource("t/1"), resource("t/2")])
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    code, out, err = run(capsys, "--data-dir", data_dir, "import", str(good), str(bad), "--json")
    assert code == 3
    data = json.loads(out)
    assert [s["status"] for s in data["sources"]] == ["imported", "rejected"]
    assert (data["added"], data["updated"]) == (2, 0)
    assert data["sources"][1]["error"]
    assert "bad.zip" in err
    again = run(capsys, "--data-dir", data_dir, "import", str(good), "--json")
    assert json.loads(again[1])["updated"] == 0  # the same resources again: nothing changed


def test_check_detects_and_repairs_a_damaged_index(capsys, data_dir) -> None:
    assert run_json(capsys, "--data-dir", data_dir, "check")["ok"] is True
    for path in (Path(data_dir) / "index").iterdir():
        if path.is_file():
            path.write_bytes(b"garbage")
    code, out, _ = run(capsys, "--data-dir", data_dir, "check", "--json")
    # One sentence for the one problem (it used to be said twice, two ways).
    [problem] = json.loads(out)["problems"]
    assert code == 4 and problem.endswith("and must be rebuilt.")
    code, out, _ = run(capsys, "--data-dir", data_dir, "check", "--repair", "--json")
    assert code == 0 and json.loads(out)["ok_after_repair"] is True
    assert run_json(capsys, "--data-dir", data_dir, "search", "pandemic")["total"] >= 1


def test_reindex_and_stats(capsys, data_dir) -> None:
    reindexed = run_json(capsys, "--data-dir", data_dir, "reindex")
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    assert reindexed["indexed"] == stats["resources"] == stats["indexed"]
    assert stats["kinds"]["campaign day"] == 5


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("imh-library ")


def test_gui_without_display_says_what_to_do(capsys, data_dir, monkeypatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    code, _, err = run(capsys, "--data-dir", data_dir)
    assert code == 1 and "No display" in err


def test_an_export_never_writes_over_the_library(capsys, data_dir) -> None:
    """Found by a new user: `-o LIBRARY/library.sqlite3` replaced the live database."""
    assert run(capsys, "--data-dir", data_dir, "bookmark", "imhaw-2020/day-1-monday")[0] == 0
    database = Path(data_dir) / "library.sqlite3"
    before = database.read_bytes()
    code, out, err = run(
        capsys, "--data-dir", data_dir, "export", "--bookmarks", "--format", "csv",
        "-o", str(database),
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip().endswith("writing there could overwrite the library itself.")
    assert len(err.strip().splitlines()) == 1
    assert database.read_bytes() == before
    assert run(capsys, "--data-dir", data_dir, "stats")[0] == 0


def test_restoring_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(
    capsys, data_dir, tmp_path
) -> None:
    assert run(capsys, "--data-dir", data_dir, "bookmark", "imhaw-2020/day-1-monday")[0] == 0
    other = tmp_path / "list.csv"
    other.write_text("Title,URL\nA,https://example.org/a\n", encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", data_dir, "restore", str(other))
    assert code == 3
    assert err.strip() == (
        "imh-library: list.csv is not a library backup that can be restored "
        "(file is not a database); choose a file from the library's backups folder."
    )
    shown = run_json(capsys, "--data-dir", data_dir, "show", "imhaw-2020/day-1-monday")
    assert shown["bookmarked"] is True


def test_a_file_given_as_the_library_folder_is_a_usage_error(capsys, tmp_path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("not a folder", encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(plain), "stats")
    assert code == 2
    assert err.strip() == (
        f"imh-library: {plain} is a file, not a folder: choose a folder for the library."
    )


def test_a_note_removed_or_replaced_is_said_once_more(capsys, data_dir) -> None:
    uid = "imhaw-2020/day-1-monday"
    assert run(capsys, "--data-dir", data_dir, "bookmark", uid, "--note", "keep")[0] == 0
    code, out, _ = run(capsys, "--data-dir", data_dir, "bookmark", uid, "--note", "")
    assert code == 0 and out.splitlines() == [f"Bookmarked {uid}.", "Its note was: keep"]
    run(capsys, "--data-dir", data_dir, "bookmark", uid, "--note", "again")
    code, out, _ = run(capsys, "--data-dir", data_dir, "unbookmark", uid)
    assert code == 0 and out.splitlines() == [
        f"Removed the bookmark on {uid}.",
        "Its note was: again",
    ]
    code, _, err = run(capsys, "--data-dir", data_dir, "unbookmark", "no/such-thing")
    assert code == 2
    assert err.strip() == "imh-library: There is no resource with uid 'no/such-thing'."


def test_restore_names_the_backup_it_put_back(capsys, data_dir) -> None:
    uid = "imhaw-2020/day-1-monday"
    assert run(capsys, "--data-dir", data_dir, "bookmark", uid)[0] == 0
    backed = run_json(capsys, "--data-dir", data_dir, "backup")["file"]
    assert run(capsys, "--data-dir", data_dir, "unbookmark", uid)[0] == 0
    code, out, _ = run(capsys, "--data-dir", data_dir, "restore")
    assert code == 0
    assert out.startswith(f"Restored the backup {Path(backed).name}; the previous database")
    assert run_json(capsys, "--data-dir", data_dir, "show", uid)["bookmarked"] is True
    # Checking the backups left no SQLite journal files beside them.
    assert not [p.name for p in Path(backed).parent.iterdir() if p.suffix != ".sqlite3"]
