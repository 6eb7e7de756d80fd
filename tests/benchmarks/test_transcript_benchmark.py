"""The transcript catalogue of the search benchmark: realistic, repeatable
transcripts, and a run that reports every figure (no timing limits)."""

from __future__ import annotations

import itertools
import json

import pytest

from benchmarks import search
from benchmarks.baselines import _windows, fts5_grouped_query
from benchmarks.queries import BenchQuery
from benchmarks.transcripts import SPOKEN_QUERIES, TRANSCRIPT_QUERIES, episode_vtt, table
from resources_db.documents import ResourceDocument
from resources_db.transcripts.model import Spoken
from resources_db.transcripts.reading import read_transcript

ENGINE_KEYS = {
    "build_s",
    "build_without_transcripts_s",
    "index_mb",
    "index_without_transcripts_mb",
    "query_p50_ms",
    "query_p95_ms",
    "spoken_p95_ms",
    "queries_with_hits",
    "spoken_with_moments",
    "rss_mb",
    "peak_rss_mb",
}


def positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def test_an_hour_is_about_nine_thousand_words_in_cues_of_a_few_seconds() -> None:
    data = episode_vtt(seed=1, number=7)
    transcript = read_transcript(data, "episode.vtt")
    words = sum(len(cue.text.split()) for cue in transcript.cues)
    durations = [cue.end - cue.start for cue in transcript.cues]
    assert 8_000 <= words <= 10_000
    assert 3_550 <= transcript.cues[-1].end <= 3_650
    assert 2.0 <= sorted(durations)[len(durations) // 2] <= 6.0
    assert max(durations) <= 8.0
    assert 2 <= len({cue.speaker for cue in transcript.cues}) <= 3
    assert all(cue.speaker for cue in transcript.cues)


def test_the_same_seed_gives_the_same_transcript() -> None:
    assert episode_vtt(1, 7, seconds=300) == episode_vtt(1, 7, seconds=300)
    assert episode_vtt(1, 7, seconds=300) != episode_vtt(2, 7, seconds=300)
    assert episode_vtt(1, 7, seconds=300) != episode_vtt(1, 8, seconds=300)


def test_fts5_windows_are_cut_as_moments_are() -> None:
    transcript = read_transcript(episode_vtt(1, 3, seconds=600), "episode.vtt")
    doc = ResourceDocument(
        uid="synthetic/3", kind="podcast episode", title="", spoken=Spoken(transcript.cues)
    )
    windows = list(_windows(doc))
    assert 18 <= len(windows) <= 22  # about 30 s each
    assert " ".join(text for _, _, text in windows) == " ".join(c.text for c in transcript.cues)
    assert windows[0][0] == 0.0
    assert all(later[0] - earlier[0] <= 31 for earlier, later in itertools.pairwise(windows))


def test_fts5_ranks_a_resource_by_its_best_window_once() -> None:
    sql, params = fts5_grouped_query(BenchQuery('"what we noticed"', "spoken"))
    assert params == ['"what we noticed"']
    assert "GROUP BY uid ORDER BY min(score)" in sql
    sql, params = fts5_grouped_query(BenchQuery("type:podcast", "filter"))
    assert "d.start IS NULL" in sql  # a filter alone lists resources, not their windows


def test_json_run_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--size", "300", "--transcripts", "3", "--transcript-minutes", "10"]
    assert search.main([*argv, "--json", "--passes", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])

    assert figures["size"] == 300
    assert figures["queries"] == len(TRANSCRIPT_QUERIES)
    assert figures["transcripts"]["episodes"] == 3
    assert 1_200 <= figures["transcripts"]["words_per_episode"] <= 1_700
    for name in ("engine", "fts5_windows", "fts5_episode"):
        assert figures[name].keys() >= ENGINE_KEYS
        assert all(positive(figures[name][key]) for key in ENGINE_KEYS), figures[name]
        # The transcripts are in the index: it is bigger with them.
        assert figures[name]["index_mb"] > figures[name]["index_without_transcripts_mb"]
    assert all(positive(value) for value in figures["ratios"].values()), figures["ratios"]
    # Every query of the resources benchmark still finds something, and a
    # phrase said in an episode finds it with the moment.
    assert figures["engine"]["queries_with_hits"] >= len(TRANSCRIPT_QUERIES) - len(SPOKEN_QUERIES)
    assert figures["engine"]["spoken_with_moments"] >= 1
    assert figures["fts5_windows"]["spoken_with_moments"] >= 1
    assert figures["fts5_episode"]["spoken_with_moments"] >= 1

    shown = table(figures)  # what the run prints without --json
    assert shown.startswith("Transcript benchmark: 300 resources (seed 1), 3 episodes")
    assert "p95_ours_over_fts5_episode" in shown and "peak_rss_mb" in shown
