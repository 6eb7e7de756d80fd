"""imh-library cpd, reflection, lock and unlock, run in-process on a real library folder."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app import cli, cli_commands, cli_practice
from desktop_app.cli import main
from resources_db import practice_crypto, practice_record
from tests.resources_db.packs_fixtures import resource, write_pack

WEEK = "imhaw-2020/week"
PASSPHRASE = "correct horse battery staple"
ENTRY_KEYS = {"id", "date", "uid", "title", "method", "minutes", "participatory", "note"}


@pytest.fixture(autouse=True)
def practice_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands as cli.py and cli_commands.py wire them (added here if they do not yet)."""
    for name, handler in cli_practice.PRACTICE_HANDLERS.items():
        if name not in cli_commands.HANDLERS:
            monkeypatch.setitem(cli_commands.HANDLERS, name, handler)
    original = cli.build_parser

    def build() -> argparse.ArgumentParser:
        parser = original()
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if "cpd" not in commands.choices:
            cli_practice.add_practice_commands(commands, cli._data_dir_option())
        return parser

    monkeypatch.setattr(cli, "build_parser", build)
    monkeypatch.setattr(practice_crypto, "SCRYPT_N", 2**12)  # speed; the cost is tested apart
    monkeypatch.delenv(cli_practice.PASSPHRASE_ENV, raising=False)


@pytest.fixture
def lib(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "lib")]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse's own refusals
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("imh-library: ") and lines[0].endswith(".")
    return lines[0]


def listed(capsys, lib: list[str]) -> dict:
    return run_json(capsys, *lib, "cpd", "list")


def test_log_and_list_in_the_design_shapes(capsys, lib) -> None:
    entry = run_json(
        capsys, *lib, "cpd", "log", WEEK, "--minutes", "45", "--method", "podcast",
        "--date", "2026-01-05", "--note", "Shared with the team",
    )  # fmt: skip
    assert set(entry) == ENTRY_KEYS
    assert (entry["uid"], entry["minutes"], entry["participatory"]) == (WEEK, 45, False)
    assert entry["title"].startswith("Infant Mental Health Awareness Week 2020")
    free = run_json(
        capsys, *lib, "cpd", "log", "-", "--topic", "Perinatal study day", "--minutes", "360",
        "--participatory", "--method", "study-day", "--date", "2026-02-05", "--code", "people",
    )  # fmt: skip
    assert (free["uid"], free["method"]) == (None, "study day")
    assert free["title"] == "Perinatal study day"
    data = listed(capsys, lib)
    assert set(data) == {"entries", "total_minutes", "participatory_minutes"}
    assert [e["id"] for e in data["entries"]] == [entry["id"], free["id"]]
    assert all(set(e) == ENTRY_KEYS for e in data["entries"])
    assert (data["total_minutes"], data["participatory_minutes"]) == (405, 360)
    february = run_json(capsys, *lib, "cpd", "list", "--from", "2026-02-01", "--to", "2026-02-28")
    assert [e["title"] for e in february["entries"]] == ["Perinatal study day"]
    code, out, _ = run(capsys, *lib, "cpd", "list")
    assert code == 0 and "6.75 h in all, 6 h participatory" in out


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_the_renewal_date_sets_the_period_cpd_list_counts_against_35_and_20_hours(
    capsys, lib
) -> None:
    today = date.today()
    run_json(capsys, *lib, "cpd", "log", WEEK, "--minutes", "90", "--participatory")
    long_ago = (today - timedelta(days=4 * 366)).isoformat()
    run_json(capsys, *lib, "cpd", "log", WEEK, "--minutes", "60", "--date", long_ago)
    code, out, _ = run(capsys, *lib, "cpd", "list")
    assert code == 0 and "imh-library cpd renewal YYYY-MM-DD" in out.splitlines()[-1]

    renewal = today + timedelta(days=100)
    code, out, _ = run(capsys, *lib, "cpd", "renewal", renewal.isoformat())
    period = practice_record.current_period(renewal, today)
    said = (
        f"This revalidation period ({long_date(period.start)} to {long_date(renewal)}): "
        "1.5 of 35 hours, 1.5 of 20 participatory."
    )
    assert code == 0 and out.splitlines()[-1] == said
    code, out, _ = run(capsys, *lib, "cpd", "list")
    assert out.splitlines()[-2:] == ["2 entries: 2.5 h in all, 1.5 h participatory (P).", said]
    assert run(capsys, *lib, "cpd", "renewal")[1].splitlines()[-1] == said
    assert set(listed(capsys, lib)) == {"entries", "total_minutes", "participatory_minutes"}
    code, _out, err = run(capsys, *lib, "cpd", "renewal", "31/03/2027")
    assert code == 2 and "not a date" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["cpd", "log", "-", "--minutes", "30"], "needs a topic"),
        (["cpd", "log", WEEK], "--minutes"),
        (["cpd", "log", WEEK, "--minutes", "0"], "Minutes must be"),
        (["cpd", "log", WEEK, "--minutes", "ten"], "whole number"),
        (["cpd", "log", WEEK, "--minutes", "30", "--date", "2026-13-01"], "not a date"),
        (["cpd", "log", WEEK, "--minutes", "30", "--date", "2999-01-01"], "future"),
        (["cpd", "log", WEEK, "--minutes", "30", "--method", "knitting"], "not a CPD method"),
        (["cpd", "log", "no/such", "--minutes", "30"], "no resource"),
        (["cpd", "log", WEEK, "--minutes", "30", "--code", "kindness"], "Code's themes"),
        (["reflection", "add", "--title", "T", "--what", "w", "--learned", "l",
          "--changed", "c", "--code", "people", "--cpd", "42"], "no CPD entry 42"),
        (["reflection", "add", "--title", "T", "--what", " ", "--learned", "l",
          "--changed", "c", "--code", "safety"], "what happened"),
    ],
)  # fmt: skip
def test_bad_input_is_one_sentence_exit_2_and_changes_nothing(
    capsys, lib, argv: list[str], words: str
) -> None:
    code, _out, err = run(capsys, *lib, *argv)
    assert code == 2
    assert words in err and err.strip().endswith(".")
    assert listed(capsys, lib)["entries"] == []
    assert run_json(capsys, *lib, "reflection", "list")["reflections"] == []


def test_log_takes_an_episodes_length_and_method(capsys, lib, tmp_path) -> None:
    pack = write_pack(
        tmp_path / "episodes",
        [resource("ep/1", kind="podcast episode", title="Sleep", duration_seconds=1530)],
    )
    assert run(capsys, *lib, "import", str(pack))[0] == 0
    entry = run_json(capsys, *lib, "cpd", "log", "ep/1")
    assert (entry["method"], entry["minutes"], entry["title"]) == ("podcast", 26, "Sleep")


def test_export_the_log_in_the_nmc_columns(capsys, lib, tmp_path) -> None:
    run(capsys, *lib, "cpd", "log", WEEK, "--minutes", "90", "--date", "2026-01-05")
    run(capsys, *lib, "cpd", "log", "-", "--topic", "Supervision", "--minutes", "60",
        "--participatory", "--method", "supervision", "--date", "2026-03-01")  # fmt: skip
    target = tmp_path / "log.csv"
    code, out, _ = run(capsys, *lib, "cpd", "export", "--format", "csv", "-o", str(target),
                       "--from", "2026-02-01")  # fmt: skip
    assert code == 0 and "1 CPD entry" in out
    rows = list(csv.reader(target.read_text("utf-8-sig").splitlines()))
    assert rows[0][:7] == [
        "Date", "Method", "Topic", "How it relates to my practice", "Hours",
        "Participatory hours", "Code",
    ]  # fmt: skip
    assert rows[1][:6] == ["2026-03-01", "Supervision", "Supervision", "", "1", "1"]
    page = tmp_path / "log.html"
    assert run(capsys, *lib, "cpd", "export", "--format", "html", "-o", str(page))[0] == 0
    assert "<table>" in page.read_text("utf-8") and "2.5" in page.read_text("utf-8")
    code, _out, err = run(capsys, *lib, "cpd", "export", "--format", "csv", "-o",
                          str(tmp_path / "missing" / "log.csv"))  # fmt: skip
    assert code == 2 and "does not exist" in one_sentence(err)


def test_reflection_add_list_and_export(capsys, lib, tmp_path) -> None:
    entry = run_json(capsys, *lib, "cpd", "log", WEEK, "--minutes", "30")
    account = run_json(
        capsys, *lib, "reflection", "add", "--title", "Cues", "--cpd", str(entry["id"]),
        "--what", "A podcast", "--learned", "Wait for cues", "--changed", "I pause",
        "--code", "prioritise people", "safety",
    )  # fmt: skip
    assert account["id"] and account["cpd"] == [entry["id"]]
    assert account["code"] == ["prioritise people", "preserve safety"]
    listing = run_json(capsys, *lib, "reflection", "list")
    assert [a["title"] for a in listing["reflections"]] == ["Cues"]
    page = tmp_path / "accounts.html"
    code, out, _ = run(capsys, *lib, "reflection", "export", "-o", str(page))
    assert code == 0 and "1 reflective account" in out
    html = page.read_text("utf-8")
    assert "How did you change or improve your practice as a result?" in html
    pdf = tmp_path / "accounts.pdf"
    assert run(capsys, *lib, "reflection", "export", "--format", "pdf", "-o", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_account_written_from_a_resource_names_it_on_its_form(capsys, lib, tmp_path) -> None:
    entry = run_json(capsys, *lib, "cpd", "log", "-", "--topic", "Study day", "--minutes", "60")
    run(
        capsys, *lib, "reflection", "add", "--title", "From the week", "--resource", WEEK,
        "--cpd", str(entry["id"]), "--what", "Read it", "--learned", "Cues", "--changed", "I pause",
        "--code", "people",
    )  # fmt: skip
    page = tmp_path / "accounts.html"
    assert run(capsys, *lib, "reflection", "export", "-o", str(page))[0] == 0
    html = page.read_text("utf-8")
    assert "About: Infant Mental Health Awareness Week 2020 (IMHAW20); Study day." in html


def test_lock_needs_a_passphrase_and_says_so(capsys, lib) -> None:
    run(capsys, *lib, "cpd", "log", WEEK, "--minutes", "30", "--note", "private words")
    code, _out, err = run(capsys, *lib, "lock")
    assert code == 2 and "IMH_LIBRARY_PASSPHRASE" in one_sentence(err)
    assert listed(capsys, lib)["entries"][0]["note"] == "private words"  # still unlocked


def test_locked_record_opens_only_with_its_passphrase(capsys, lib, monkeypatch) -> None:
    run(capsys, *lib, "cpd", "log", WEEK, "--minutes", "30", "--note", "private words")
    monkeypatch.setenv(cli_practice.PASSPHRASE_ENV, PASSPHRASE)
    code, out, _ = run(capsys, *lib, "lock")
    assert code == 0 and "Without the passphrase nobody can read them" in out
    assert run(capsys, *lib, "lock")[0] == 2  # already locked
    assert listed(capsys, lib)["entries"][0]["note"] == "private words"
    monkeypatch.setenv(cli_practice.PASSPHRASE_ENV, "a wrong passphrase")
    code, out, err = run(capsys, *lib, "cpd", "list", "--json")
    assert code == 3 and out == ""  # input read and refused, not a misused command
    assert one_sentence(err) == "imh-library: That passphrase does not open the practice record."
    monkeypatch.delenv(cli_practice.PASSPHRASE_ENV)
    code, out, err = run(capsys, *lib, "cpd", "list")
    assert code == 2 and out == "" and "passphrase" in one_sentence(err)
    monkeypatch.setenv(cli_practice.PASSPHRASE_ENV, PASSPHRASE)
    run(capsys, *lib, "cpd", "log", "-", "--topic", "Locked-in learning", "--minutes", "20")
    assert run(capsys, *lib, "unlock")[0] == 0
    monkeypatch.delenv(cli_practice.PASSPHRASE_ENV)
    notes = [e["title"] for e in listed(capsys, lib)["entries"]]
    assert "Locked-in learning" in notes
    assert run(capsys, *lib, "unlock")[0] == 2  # not locked


def test_a_terminal_is_asked_for_the_passphrase_twice_when_locking(
    capsys, lib, monkeypatch
) -> None:
    run(capsys, *lib, "cpd", "log", WEEK, "--minutes", "30")
    answers = iter([PASSPHRASE, "something else"])
    monkeypatch.setattr(cli_practice.sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(cli_practice.getpass, "getpass", lambda _prompt: next(answers))
    code, _out, err = run(capsys, *lib, "lock")
    assert code == 2 and "differ" in one_sentence(err)
    answers = iter([PASSPHRASE, PASSPHRASE, PASSPHRASE])
    assert run(capsys, *lib, "lock")[0] == 0
    assert len(listed(capsys, lib)["entries"]) == 1  # the third answer opened it


def test_an_account_that_seems_to_name_someone_is_saved_with_a_gentle_note(capsys, lib) -> None:
    code, out, err = run(
        capsys, *lib, "reflection", "add", "--title", "Home visit", "--what",
        "Visited Mrs Patel", "--learned", "l", "--changed", "c", "--code", "people",
    )  # fmt: skip
    assert code == 0 and "Saved reflective account" in out
    assert "Mrs Patel" in one_sentence(err.replace("Saved. ", ""))
    assert len(run_json(capsys, *lib, "reflection", "list")["reflections"]) == 1


def test_the_list_keeps_its_columns_with_a_long_method(capsys, lib) -> None:
    run(
        capsys,
        *lib,
        "cpd",
        "log",
        WEEK,
        "--minutes",
        "30",
        "--method",
        "discussion with colleagues",
    )
    run(capsys, *lib, "cpd", "log", WEEK, "--minutes", "60", "--method", "reading", "--note", "Why")
    code, out, _ = run(capsys, *lib, "cpd", "list")
    rows = out.splitlines()
    assert code == 0
    title_at = {
        row.index("Infant Mental Health Awareness Week") for row in rows[:3] if "Week" in row
    }
    assert len(title_at) == 1  # every title starts in the same column
    assert rows[2].index("Why") == title_at.pop()  # the note sits under its title
