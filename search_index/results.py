"""What a search returns: plain, frozen data for the command line and the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    # No resource had every word, so these are the resources with any of them;
    # ``unmatched``: the words found nowhere (they did not count).
    some_words: bool = False
    unmatched: list[str] = field(default_factory=list)

    def partial_match_note(self) -> str | None:
        """One sentence saying the results do not hold every word, or None when they do."""
        if not self.some_words:
            return None
        if self.unmatched:
            quoted = ", ".join(f"“{word}”" for word in self.unmatched)
            return f"Nothing in the library matches {quoted}: showing results for the other words."
        return "No resource has all of these words: showing those with any of them."
