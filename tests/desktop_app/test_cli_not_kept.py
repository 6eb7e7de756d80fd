"""import and refresh on the command line say which of a feed's transcripts were refused
and why, one sentence each naming the episode; their --json keeps its keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.not_kept_feed import (
    EPISODE_13,
    bomb_sentence,
    replace_the_kept_transcript,
)
from tests.transcript_feed import EPISODE_12, TranscriptFeedServer

BOMB_13 = f"    {EPISODE_13}: {bomb_sentence('13.html')}"


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "lib")


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert not err, err
    return code, out.splitlines()


def test_import_then_refresh_say_each_refused_file(
    capsys, data_dir: str, hostile_feed: TranscriptFeedServer
) -> None:
    code, lines = run(capsys, "--data-dir", data_dir, "import", hostile_feed.url)
    assert code == 0  # the feed itself was imported
    assert "  Kept for offline use: 1 transcript, 2 chapter lists" in lines
    assert "  Not kept for offline use: 4 transcript and chapters files" in lines
    assert BOMB_13 in lines
    assert f"    {EPISODE_12}: {hostile_feed.base}/t/12-chapters.json is larger than 2 MB." in lines

    replace_the_kept_transcript(hostile_feed)
    code, lines = run(capsys, "--data-dir", data_dir, "refresh")
    assert code == 0
    assert lines[0] == "Little Minds (test feed): 0 added, 0 updated"
    assert lines[1] == "  Not kept for offline use: 6 transcript and chapters files"
    assert (
        f"    {EPISODE_12}: 12-v2.html declares XML entities, which IMH Library refuses; "
        "the transcript kept before stays."
    ) in lines
    assert BOMB_13 in lines
    assert lines[-1] == "    and 1 more"


def test_the_json_of_import_and_refresh_keeps_its_keys(
    capsys, data_dir: str, hostile_feed: TranscriptFeedServer
) -> None:
    code, lines = run(capsys, "--data-dir", data_dir, "import", hostile_feed.url, "--json")
    imported = json.loads("\n".join(lines))
    assert code == 0 and set(imported) == {"sources", "added", "updated"}
    assert set(imported["sources"][0]) == {
        "source", "format", "status", "added", "updated", "error", "skipped", "collections",
    }  # fmt: skip
    code, lines = run(capsys, "--data-dir", data_dir, "refresh", "--json")
    [feed] = json.loads("\n".join(lines))["feeds"]
    assert feed == {
        "url": hostile_feed.url,
        "title": "Little Minds (test feed)",
        "added": 0,
        "updated": 0,
        "error": None,
        "binned": 0,
    }
