"""The command-start benchmark runs real commands and reports their figures (no time limits)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import start
from resources_db.library import Library


def test_json_run_reports_each_command_against_the_baseline(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    root = library.paths.root
    library.close()
    argv = ["--data-dir", str(root), "--runs", "1", "--json", "--mode", "dont_write"]
    assert start.main([*argv, "--command=--version", "--command=show UID --json"]) == 0
    figures = json.loads(capsys.readouterr().out)

    assert figures["modes"] == ["dont_write"]
    assert set(figures["start_s"]) == {start.BASELINE, "--version", "show UID --json"}
    assert all(by_mode["dont_write"] > 0 for by_mode in figures["start_s"].values())
    assert figures["exit_codes"] == {"--version": 0, "show UID --json": 0}


def test_the_table_has_a_row_per_command_and_a_column_per_mode() -> None:
    result = {
        "modes": list(start.MODES),
        "start_s": {
            start.BASELINE: dict.fromkeys(start.MODES, 0.02),
            "stats": {"cached": 0.5, "dont_write": 0.5, "no_bytecode": 2.0},
        },
        "exit_codes": {"stats": 0},
    }
    header, baseline, stats = start.table(result).splitlines()
    assert header.split() == ["command", *start.MODES, "exit"]
    assert baseline.startswith(start.BASELINE)
    assert stats.split() == ["stats", "0.500", "0.500", "2.000", "0"]


@pytest.mark.parametrize(
    ("mode", "dont_write", "prefix"),
    [("cached", None, None), ("dont_write", "1", None), ("no_bytecode", "1", "EMPTY")],
)
def test_each_mode_sets_only_its_own_bytecode_variables(
    monkeypatch: pytest.MonkeyPatch, mode: str, dont_write: str | None, prefix: str | None
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", "/elsewhere")
    env = start.environment(mode, Path("EMPTY"))
    assert env.get("PYTHONDONTWRITEBYTECODE") == dont_write
    assert env.get("PYTHONPYCACHEPREFIX") == prefix
