"""Transcripts on the command line: a feed's over http, a file with --for, moments in search."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.operations import Operations
from tests.transcript_feed import (
    EPISODE_12,
    FIXTURES,
    PHRASE,
    PHRASE_SPEAKER,
    PHRASE_START,
    TranscriptFeedServer,
)

EPISODE = "imhaw-2020/podcast-mind-matters-karen-bateson"  # a starter catalogue episode


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "lib")


@pytest.fixture
def server() -> Iterator[TranscriptFeedServer]:
    running = TranscriptFeedServer()
    yield running
    running.close()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_feed_imported_over_http_is_searched_offline_with_its_moment(
    capsys, data_dir: str, server: TranscriptFeedServer
) -> None:
    imported = run_json(capsys, "--data-dir", data_dir, "import", server.url)
    assert imported["sources"][0]["status"] == "imported"
    server.close()  # the network is gone

    found = run_json(capsys, "--data-dir", data_dir, "search", PHRASE)
    first = found["results"][0]
    assert first["title"] == EPISODE_12
    [moment] = first["moments"]
    assert set(moment) == {"start", "end", "snippet", "speaker"}
    assert (moment["start"], moment["speaker"]) == (PHRASE_START, PHRASE_SPEAKER)
    assert moment["end"] > moment["start"]
    assert "<b>serve</b> and <b>return</b>" in moment["snippet"]

    shown = run_json(capsys, "--data-dir", data_dir, "show", first["uid"])
    transcript = shown["transcript"]
    assert set(transcript) == {"source", "language", "cues"}
    assert (transcript["source"], transcript["language"]) == ("publisher", "en-GB")
    assert transcript["cues"][0] == {
        "start": 0.0,
        "end": 4.5,
        "speaker": "Amy Brown",
        "text": "Welcome to the Little Minds podcast & thank you for listening.",
    }
    assert shown["chapters"][:2] == [
        {"start": 0.0, "title": "Introduction"},
        {"start": 95.5, "title": "What is rupture and repair?"},
    ]

    code, out, _ = run(capsys, "--data-dir", data_dir, "search", PHRASE)
    assert code == 0 and "▶ 0:09 — " in out and f"({PHRASE_SPEAKER})" in out


def test_operations_find_the_spoken_phrase_after_the_server_is_gone(
    tmp_path: Path, server: TranscriptFeedServer
) -> None:
    ops = Operations.open(tmp_path / "lib")
    try:
        ops.prepare_index()
        report = ops.import_sources([server.url])
        assert report.outcomes[0].transcripts == 2
        server.close()
        hit = ops.search(PHRASE).hits[0]
        assert hit.title == EPISODE_12
        assert [(m.start, m.speaker) for m in hit.moments] == [(PHRASE_START, PHRASE_SPEAKER)]
        assert ops.transcript(hit.uid).source_kind == "publisher"  # type: ignore[union-attr]
        assert ops.chapters(hit.uid)[0].title == "Introduction"
    finally:
        ops.close()


@pytest.mark.parametrize(
    ("name", "fmt", "words", "speaker"),
    [
        ("episode.vtt", "vtt", "reconnecting", "Ben Okafor"),
        ("episode.srt", "srt", "bedtime routine", "DR CHEN"),
        ("episode.json", "json", "fathers", "Ben Okafor"),
        ("episode.html", "html", "seems flat", "Ben Okafor"),
        ("episode-timed.txt", "text", "window of opportunity", "Ben Okafor"),
    ],
)
def test_import_a_transcript_file_for_an_episode(
    capsys, data_dir: str, name: str, fmt: str, words: str, speaker: str
) -> None:
    source = str(FIXTURES / name)
    done = run_json(capsys, "--data-dir", data_dir, "import", source, "--for", EPISODE)
    assert done == {
        "sources": [
            {
                "source": source,
                "format": fmt,
                "status": "imported",
                "added": 1,
                "updated": 0,
                "error": None,
                "skipped": [],
            }
        ],
        "added": 1,
        "updated": 0,
    }
    shown = run_json(capsys, "--data-dir", data_dir, "show", EPISODE)
    assert shown["transcript"]["source"] == "file"
    hit = run_json(capsys, "--data-dir", data_dir, "search", words)["results"][0]
    assert hit["uid"] == EPISODE
    assert hit["moments"][0]["speaker"] == speaker


def test_an_untimed_transcript_finds_the_episode_without_moments(capsys, data_dir: str) -> None:
    source = str(FIXTURES / "episode-untimed.txt")
    assert run(capsys, "--data-dir", data_dir, "import", source, "--for", EPISODE)[0] == 0
    hit = run_json(capsys, "--data-dir", data_dir, "search", "parenting style")["results"][0]
    assert hit["uid"] == EPISODE and hit["moments"] == []


@pytest.mark.parametrize("name", ["chapters.json", "chapters-podlove.xml"])
def test_import_chapters_for_an_episode(capsys, data_dir: str, name: str) -> None:
    code, out, err = run(
        capsys, "--data-dir", data_dir, "import", str(FIXTURES / name), "--for", EPISODE
    )
    assert code == 0, err
    assert out.startswith(f"{FIXTURES / name}: added chapters to {EPISODE} (")
    assert out.endswith(" chapters).\n")
    shown = run_json(capsys, "--data-dir", data_dir, "show", EPISODE)
    assert shown["chapters"][0]["start"] == 0.0
    assert shown["transcript"] is None


def test_a_broken_file_is_rejected_and_the_previous_transcript_stays(
    capsys, data_dir: str, tmp_path: Path
) -> None:
    run(capsys, "--data-dir", data_dir, "import", str(FIXTURES / "episode.vtt"), "--for", EPISODE)
    broken = tmp_path / "broken.srt"
    broken.write_text("1\nsoon --> later\nhello\n", "utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "import", str(broken), "--for", EPISODE)
    assert code == 3
    assert err.count("\n") == 1 and "broken.srt" in err and "Traceback" not in err
    shown = run_json(capsys, "--data-dir", data_dir, "show", EPISODE)
    assert shown["transcript"]["cues"][0]["speaker"] == "Amy Brown"  # the WebVTT's, still there
    code, out, _ = run(
        capsys, "--data-dir", data_dir, "import", str(broken), "--for", EPISODE, "--json"
    )
    assert code == 3
    assert json.loads(out)["sources"][0]["status"] == "rejected"


def test_an_entity_bomb_in_html_leaves_the_previous_transcript(
    capsys, data_dir: str, tmp_path: Path
) -> None:
    run(capsys, "--data-dir", data_dir, "import", str(FIXTURES / "episode.vtt"), "--for", EPISODE)
    bomb = tmp_path / "bomb.html"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<html><body><cite>Evil:</cite><time>0:01</time><p>&b;</p></body></html>",
        "utf-8",
    )
    code, _, err = run(capsys, "--data-dir", data_dir, "import", str(bomb), "--for", EPISODE)
    assert code == 3
    assert err == "imh-library: bomb.html declares XML entities, which IMH Library refuses.\n"
    shown = run_json(capsys, "--data-dir", data_dir, "show", EPISODE)
    assert shown["transcript"]["cues"][0]["speaker"] == "Amy Brown"


def test_usage_errors_of_import_for(capsys, data_dir: str, tmp_path: Path) -> None:
    vtt = str(FIXTURES / "episode.vtt")
    code, _, err = run(capsys, "--data-dir", data_dir, "import", vtt, "--for", "no/such/uid")
    assert code == 2 and "no/such/uid" in err
    missing = str(tmp_path / "missing.vtt")
    code, _, err = run(capsys, "--data-dir", data_dir, "import", missing, "--for", EPISODE)
    assert code == 2 and "missing.vtt" in err
    code, _, err = run(capsys, "--data-dir", data_dir, "import", vtt, vtt, "--for", EPISODE)
    assert code == 2 and "--for" in err
    code, _, err = run(capsys, "--data-dir", data_dir, "import", vtt, "--for", "imhaw-2020/week")
    assert code == 2 and err.strip() == (
        "imh-library: imhaw-2020/week is a campaign: transcripts and chapters belong to "
        "podcast episodes, videos, audio and recorded training."
    )


def test_show_text_names_the_transcript_and_lists_chapters(capsys, data_dir: str) -> None:
    for name in ("episode.vtt", "chapters.json"):
        run(capsys, "--data-dir", data_dir, "import", str(FIXTURES / name), "--for", EPISODE)
    code, out, _ = run(capsys, "--data-dir", data_dir, "show", EPISODE)
    assert code == 0
    assert "Transcript:    6 cues, from a file" in out
    assert "    1:35  What is rupture and repair?" in out


def test_show_text_gives_a_feed_episodes_description_once(
    capsys, data_dir: str, server: TranscriptFeedServer
) -> None:
    run(capsys, "--data-dir", data_dir, "import", server.url)
    found = run_json(capsys, "--data-dir", data_dir, "search", "perinatal depression fathers")
    uid = found["results"][0]["uid"]
    shown = run_json(capsys, "--data-dir", data_dir, "show", uid)
    assert shown["summary"] == shown["body"] == "Fathers get perinatal depression too."
    code, out, _ = run(capsys, "--data-dir", data_dir, "show", uid)
    assert code == 0 and out.count("Fathers get perinatal depression too.") == 1
