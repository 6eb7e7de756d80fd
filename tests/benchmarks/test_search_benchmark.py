"""The search benchmark runs end to end and reports every figure (no timing limits)."""

from __future__ import annotations

import json
import re
from numbers import Real

import pytest

from benchmarks import search
from benchmarks.baselines import fts5_match, fts5_query, whoosh_text
from benchmarks.queries import QUERIES, BenchQuery

ENGINE_KEYS = {
    "build_s",
    "query_p50_ms",
    "query_p95_ms",
    "update_ms",
    "as_you_type_p50_ms",
    "import_batch_s",
    "queries_with_hits",
}
BASELINE_KEYS = {"build_s", "query_p50_ms", "query_p95_ms", "queries_with_hits"}


def positive(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and value > 0


def test_json_run_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    # One timed pass keeps the test short; the figures' shape is the same as with three.
    assert search.main(["--size", "300", "--json", "--passes", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])

    assert figures["size"] == 300
    assert {"engine", "fts5", "whoosh_default", "ratios", "machine"} <= figures.keys()
    assert figures["engine"].keys() >= ENGINE_KEYS
    for name in ("fts5", "whoosh_default"):
        assert figures[name].keys() >= BASELINE_KEYS
    for name, keys in (
        ("engine", ENGINE_KEYS),
        ("fts5", BASELINE_KEYS),
        ("whoosh_default", BASELINE_KEYS),
    ):
        assert all(positive(figures[name][key]) for key in keys), figures[name]
    assert all(positive(value) for value in figures["ratios"].values()), figures["ratios"]
    assert figures["machine"]["cpu_count"] >= 1
    assert re.fullmatch(r"3\.\d+\.\d+.*", figures["machine"]["python"])

    # Misspellings find nothing in the baselines, and Whoosh's defaults know no
    # filters; still, most queries must have hits in every engine.
    assert figures["engine"]["queries_with_hits"] == len(QUERIES)
    assert figures["fts5"]["queries_with_hits"] > len(QUERIES) * 0.8
    assert figures["whoosh_default"]["queries_with_hits"] > len(QUERIES) / 2


def test_there_are_fifty_fixed_queries_of_every_sort() -> None:
    assert len(QUERIES) == 50
    assert len({query.text for query in QUERIES}) == 50
    assert {query.category for query in QUERIES} == {
        "word",
        "words",
        "phrase",
        "filter",
        "year",
        "prefix",
        "misspelling",
    }


def test_fts5_translation() -> None:
    assert fts5_match('"health visiting" sleep') == '"health visiting" "sleep"'
    assert fts5_match("health vis", as_you_type=True) == '"health" "vis"*'
    assert fts5_match("parent-infant") == '"parent-infant"'
    sql, params = fts5_query(BenchQuery('author:"Emeka Rossmore" perinatal', "filter"))
    assert params == ['"perinatal" AND (authors : "Emeka Rossmore")']
    assert "bm25(fts, 5.0, 2.0, 1.0, 3.0, 3.0, 1.2)" in sql
    sql, params = fts5_query(BenchQuery("type:video year:2010..2012", "year"))
    assert "fts MATCH" not in sql
    assert params == ["%video%", 2010, 2012]


def test_whoosh_text_completes_an_unfinished_word() -> None:
    assert whoosh_text(BenchQuery("health vis", "prefix", as_you_type=True)) == "health vis*"
    assert whoosh_text(BenchQuery("health visiting", "words")) == "health visiting"
