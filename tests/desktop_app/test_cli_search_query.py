"""``imh-library search`` takes a query that starts with a minus as the query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main


def search_json(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> dict:
    code = main(["--data-dir", str(data_dir), "search", "--json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_a_query_starting_with_a_minus_is_a_query_not_an_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    everything = search_json(capsys, tmp_path, "")["total"]
    organisations = search_json(capsys, tmp_path, "type:organisation")["total"]
    assert 0 < organisations < everything

    others = search_json(capsys, tmp_path, "-type:organisation")
    assert others["query"] == "-type:organisation"
    assert others["total"] == everything - organisations
    # Options after a minus word are still options; "--" still works.
    assert len(search_json(capsys, tmp_path, "-type:organisation", "--limit", "2")["results"]) == 2
    assert search_json(capsys, tmp_path, "--", "-type:organisation")["total"] == others["total"]


def test_help_and_unknown_long_options_are_still_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "-h"])
    assert exit_info.value.code == 0 and "--limit" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(tmp_path), "search", "babies", "--limt", "2"])
    assert exit_info.value.code == 2
