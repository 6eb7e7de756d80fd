"""What a search returns: plain, frozen data for the command line and the window."""

from __future__ import annotations

from dataclasses import dataclass, field

from search_index.moments import Moment


@dataclass(frozen=True)
class Hit:
    uid: str
    kind: str
    title: str
    organisations: list[str]
    authors: list[str]
    year: int | None
    url: str
    score: float
    snippet: str  # HTML-escaped text with matches in <b>…</b>
    # Where in an episode's transcript or chapters the words are (at most three).
    moments: list[Moment] = field(default_factory=list)
    # Currency: current, updated, superseded, withdrawn or retracted.
    status: str = "current"


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    corrected: str | None
    expansions: list[str]
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    filters: dict[str, list[str]] = field(default_factory=dict)
    # True while the index is rebuilt and a plain database search stands in.
    approximate: bool = False
