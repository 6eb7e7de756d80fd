"""Highlighted snippets: the parts of a text where the query's words occur.

Words are found by analysing the text with the same analyser as the index
(through its per-word memo), so "babies" is highlighted for a search for
"baby" and "behavior" for "behaviour".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from search_index.analysis import TOKEN_PATTERN, FusedAnalyzer

SNIPPET_CHARS = 200
CONTEXT_CHARS = 70
FRAGMENTS = 2
SEPARATOR = " … "
MATCHES_ENOUGH = 8
SCAN_AFTER_FIRST_MATCH = 3 * SNIPPET_CHARS
# Matches are looked for this far into a text (then in the summary instead).
SCAN_CHARS = 1500
_WORDS = re.compile(TOKEN_PATTERN, re.UNICODE)
_ANALYZER = FusedAnalyzer(stop=True, stem=True)


@dataclass(frozen=True)
class _Fragment:
    start: int
    end: int
    matches: tuple[tuple[int, int, str], ...]


def highlight(text: str, terms: Iterable[str], prefixes: Iterable[str] = ()) -> str:
    """Up to two fragments of ``text`` around matches, matches in ``<b>``; "" if none."""
    wanted, starts = set(terms), tuple(prefixes)
    if not text or not (wanted or starts):
        return ""
    scanned = text[:SCAN_CHARS]
    hits = _matching_words(set(_WORDS.findall(scanned)), wanted, starts)
    if not hits:
        return ""
    matches: list[tuple[int, int, str]] = []
    enough = len(scanned)
    for match in _WORDS.finditer(scanned):
        if match.start() > enough:
            break  # the fragments come from around the first matches
        term = hits.get(match.group())
        if term is not None:
            matches.append((match.start(), match.end(), term))
            if len(matches) == 1:
                enough = match.start() + SCAN_AFTER_FIRST_MATCH
            elif len(matches) == MATCHES_ENOUGH:
                enough = min(enough, match.start() + SNIPPET_CHARS)
    if not matches:
        return ""
    chosen = _best_fragments(text, matches)
    return SEPARATOR.join(_render(text, fragment) for fragment in chosen)


def _matching_words(words: set[str], wanted: set[str], starts: tuple[str, ...]) -> dict[str, str]:
    """Which of the distinct words of a text match, and the term each stands for."""
    lookup = _ANALYZER.term_lookup()
    found: dict[str, str] = {}
    for word in words:
        term = lookup(word)
        if term is None:
            continue
        if term in wanted or (
            starts and (term.startswith(starts) or word.lower().startswith(starts))
        ):
            found[word] = term
    return found


def _best_fragments(text: str, matches: list[tuple[int, int, str]]) -> list[_Fragment]:
    fragments: list[_Fragment] = []
    index = 0
    while index < len(matches):
        start = max(0, matches[index][0] - CONTEXT_CHARS)
        limit = start + SNIPPET_CHARS
        inside = [m for m in matches[index:] if m[1] <= limit]
        fragments.append(_Fragment(start, min(len(text), limit), tuple(inside)))
        index += max(1, len(inside))
    best = sorted(fragments, key=lambda f: (-len({m[2] for m in f.matches}), f.start))
    return sorted(best[:FRAGMENTS], key=lambda f: f.start)


def _render(text: str, fragment: _Fragment) -> str:
    start, end = _word_bounds(text, fragment.start, fragment.end)
    pieces = []
    cursor = start
    for match_start, match_end, _ in fragment.matches:
        if match_start < cursor or match_end > end:
            continue
        pieces.append(html.escape(text[cursor:match_start]))
        pieces.append(f"<b>{html.escape(text[match_start:match_end])}</b>")
        cursor = match_end
    pieces.append(html.escape(text[cursor:end]))
    return " ".join("".join(pieces).split())


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the edges of a fragment off the middle of words."""
    if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def plain_start(text: str) -> str:
    """The start of a text with no match in it, cut at a word."""
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(text)
