"""The fused analyser yields exactly what the equivalent chain of Whoosh filters yields."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search_index.analysis import FusedAnalyzer, chained_analyzer

STARTER = Path(__file__).parents[2] / "resources_db" / "starter" / "imhaw-2020" / "manifest.json"
MODES = [
    {"positions": True, "chars": True},
    {"positions": True, "chars": True, "removestops": False},
    {"mode": "query"},
    {"tokenize": False, "removestops": False, "positions": True, "chars": True},
    {"positions": True, "start_pos": 5, "start_char": 7, "keeporiginal": True},
]


def tokens(analyzer, text: str, options: dict) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (
            t.text,
            getattr(t, "pos", None),
            getattr(t, "startchar", None),
            getattr(t, "endchar", None),
            t.stopped,
            getattr(t, "original", None),
        )
        for t in analyzer(text, **options)
    ]


@pytest.mark.parametrize("options", MODES)
@pytest.mark.parametrize("stop_and_stem", [True, False])
def test_same_terms_positions_and_offsets_as_the_filter_chain(options, stop_and_stem) -> None:
    fused = FusedAnalyzer(stop=stop_and_stem, stem=stop_and_stem)
    chained = chained_analyzer(stop=stop_and_stem, stem=stop_and_stem)
    for text in (
        "Babies' experiences in the pandemic: what is IMH & why does it matter? 1,001 days",
        "behaviour/behavior, paediatric café naïve o'clock e.g. The the THE",
        "",
        STARTER.read_text(encoding="utf-8"),
    ):
        assert tokens(fused, text, options) == tokens(chained, text, options)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_same_on_any_text(text: str) -> None:
    for flag in (True, False):
        fused = FusedAnalyzer(stop=flag, stem=flag)
        chained = chained_analyzer(stop=flag, stem=flag)
        assert tokens(fused, text, MODES[1]) == tokens(chained, text, MODES[1])
