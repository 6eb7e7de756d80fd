"""Posting formats of our own: positions packed as machine integers.

Whoosh's ``Positions`` format pickles a list per posting, which costs a
``pickle.loads`` per document to check a phrase. These formats store each
posting's positions as a packed array of unsigned 32-bit integers, so a whole
posting list's positions can be read in one call (``postings.py``).

``WeightedSections`` indexes a resource's text fields as one field: each
section (title, names, summary, …) is analysed in turn, its words' weights
are the section's boost, and sections sit far apart so a phrase never runs
from one into the next. One field instead of six means one posting list per
query word, which is what makes searching cheap.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from whoosh.formats import Format

from search_index.analysis import TOKEN_PATTERN, FusedAnalyzer

_WORDS = re.compile(TOKEN_PATTERN, re.UNICODE)
POSITION_TYPE = "I"  # array typecode: unsigned 32-bit
SECTION_GAP = 100  # positions left empty between sections


class PackedPositions(Format):
    """Positions of each posting as a packed ``array('I')``; weight = frequency."""

    posting_size = -1

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["positions"] = True
        kwargs.pop("boosts", None)
        positions: dict[str, list[int]] = {}
        for token in analyzer(value, **kwargs):
            if not token.stopped:
                positions.setdefault(token.text, []).append(token.pos)
        for word, found in positions.items():
            yield word, len(found), float(len(found)) * self.field_boost, _pack(found)

    def supports(self, name: str) -> bool:
        return name in ("frequency", "weight", "positions", "position_boosts")

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return array(POSITION_TYPE, valuestring).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // array(POSITION_TYPE).itemsize

    def decode_weight(self, valuestring: bytes) -> float:
        return float(self.decode_frequency(valuestring)) * float(self.field_boost)

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(position, 1.0) for position in self.decode_positions(valuestring)]

    def combine(self, values: Sequence[bytes]) -> bytes:
        merged: set[int] = set()
        for value in values:
            merged.update(self.decode_positions(value))
        return _pack(sorted(merged))


class WeightedSections(PackedPositions):
    """Indexes a tuple of texts, the i-th weighted by ``boosts[i]``."""

    def __init__(self, boosts: Sequence[float], field_boost: float = 1.0) -> None:
        super().__init__(field_boost=field_boost)
        self.boosts = tuple(boosts)

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[no-untyped-def]
        sections = (value,) if isinstance(value, str) else tuple(value)
        positions, weights = weighted_terms(analyzer, sections, self.boosts)
        for word, found in positions.items():
            yield word, len(found), weights[word], _pack(found)


def weighted_terms(
    analyzer: FusedAnalyzer, sections: Sequence[str], boosts: Sequence[float]
) -> tuple[dict[str, list[int]], dict[str, float]]:
    """Every term's positions and summed section weight, in one pass.

    Positions follow the analyser's own numbering (stop words do not count),
    so a phrase typed in a query lines up with the indexed text."""
    terms = analyzer.term_lookup()
    positions: dict[str, list[int]] = {}
    weights: dict[str, float] = {}
    position = 0
    for number, section in enumerate(sections):
        boost = boosts[number] if number < len(boosts) else 1.0
        for raw in _WORDS.findall(section):
            term = terms(raw)
            if term is None:
                continue
            found = positions.get(term)
            if found is None:
                positions[term] = found = []
                weights[term] = 0.0
            found.append(position)
            weights[term] += boost
            position += 1
        position += SECTION_GAP
    return positions, weights


def _pack(positions: list[int]) -> bytes:
    return array(POSITION_TYPE, positions).tobytes()
