"""Searchable moments: where in an episode's transcript (or chapters) a query matches.

An episode's transcript is indexed as one section of its text, so it is found
and ranked with everything else and a phrase runs across cue boundaries. To
say *when* a hit was spoken, the index also stores the transcript cut into
windows of about ``WINDOW_SECONDS`` of whole cues, each with its cues' times
and speakers (compressed; read only for the hits shown). A hit's moments are
the windows and chapter titles holding most of the query's words (its phrases
first), at most ``MOMENTS`` of them, each starting at the cue where the words
are.
"""

from __future__ import annotations

import html
import json
import re
import threading
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from resources_db.transcripts.model import Spoken
from search_index.analysis import TOKEN_PATTERN, FusedAnalyzer
from search_index.snippets import highlight

WINDOW_SECONDS = 30.0
MOMENTS = 3
SNIPPET_WORDS = 30  # a moment's snippet when highlighting finds nothing to centre on
_WORDS = re.compile(TOKEN_PATTERN, re.UNICODE)
_ANALYZER = FusedAnalyzer(stop=True, stem=True)


@dataclass(frozen=True)
class Moment:
    """Where a search matched inside an episode: seconds, a snippet with the words
    in ``<b>`` (HTML-escaped), and who was speaking ("" for a chapter title)."""

    start: float
    end: float
    snippet: str
    speaker: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "snippet": self.snippet,
            "speaker": self.speaker,
        }


# --- at indexing time --------------------------------------------------------------


def transcript_text(spoken: Spoken | None) -> str:
    """The words of a transcript as one text (cues in order, so phrases cross them)."""
    return " ".join(cue.text for cue in spoken.cues) if spoken else ""


def chapter_text(spoken: Spoken | None) -> str:
    return " | ".join(chapter.title for chapter in spoken.chapters) if spoken else ""


def pack(spoken: Spoken | None) -> bytes | None:
    """The stored form, compressed JSON: the transcript text and its distinct words,
    where each cue begins in the text with its start, end and speaker (flat lists,
    quick to read back), the first cue of each window, and the chapters. None
    when there is nothing."""
    if spoken is None or spoken.empty:
        return None
    speakers: dict[str, int] = {}
    offsets: list[int] = []
    windows: list[int] = []
    offset = 0
    window_start: float | None = None
    for number, cue in enumerate(spoken.cues):
        if window_start is None or (spoken.timed and cue.end - window_start > WINDOW_SECONDS):
            windows.append(number)
            window_start = cue.start
        offsets.append(offset)
        offset += len(cue.text) + 1
    text = transcript_text(spoken)
    data = {
        "timed": spoken.timed,
        "text": text,
        "words": sorted(set(_WORDS.findall(text))),
        "offsets": offsets,
        "starts": [cue.start for cue in spoken.cues],
        "ends": [cue.end for cue in spoken.cues],
        "who": [speakers.setdefault(cue.speaker, len(speakers)) for cue in spoken.cues],
        "speakers": list(speakers),
        "windows": windows,
        "chapters": [[c.start, c.title] for c in spoken.chapters],
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


# --- at search time ------------------------------------------------------------------


@dataclass
class _Candidate:
    score: float
    start: float
    end: float
    text: str
    speaker: str


def find_moments(
    stored: bytes | None,
    terms: Iterable[str],
    prefixes: Iterable[str] = (),
    phrases: Sequence[Sequence[str]] = (),
    limit: int = MOMENTS,
) -> list[Moment]:
    """The best ``limit`` moments of one hit, best first ([] when none is timed)."""
    wanted, starts = set(terms), tuple(prefixes)
    if not stored or not (wanted or starts):
        return []
    data = _decoded(stored)
    candidates = _chapter_candidates(data, wanted, starts)
    if data["timed"] and data["offsets"]:
        candidates += _window_candidates(data, wanted, starts, phrases, limit)
    candidates.sort(key=lambda c: (-c.score, c.start))
    return [
        Moment(c.start, c.end, _snippet(c.text, wanted, starts), c.speaker)
        for c in candidates[:limit]
    ]


@lru_cache(maxsize=64)
def _decoded(stored: bytes) -> dict[str, Any]:
    """A stored transcript read back; typing a search asks for the same hits again."""
    data: dict[str, Any] = json.loads(zlib.decompress(stored))
    data["words"] = frozenset(data["words"])
    return data


class _Vocabulary:
    """Every word met in a transcript so far, with the index term it stands for.

    A hit's matching words are then a few set intersections instead of analysing
    each of an hour's ~1,800 distinct words per search (most were met before:
    spoken vocabulary follows Zipf's law). Bounded like the analyser's memo."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self.terms: dict[str, str | None] = {}
        self.by_term: dict[str, set[str]] = {}

    def add(self, words: frozenset[str]) -> None:
        new = words.difference(self.terms)
        if not new:
            return
        if len(self.terms) + len(new) > self.LIMIT:
            self.terms.clear()
            self.by_term.clear()
            new = words
        lookup = _ANALYZER.term_lookup()
        for word in new:
            term = self.terms[word] = lookup(word)
            if term is not None:
                self.by_term.setdefault(term, set()).add(word)


_LOCAL = threading.local()


def _vocabulary() -> _Vocabulary:
    """This thread's (searches run on the window's worker threads too)."""
    vocabulary: _Vocabulary | None = getattr(_LOCAL, "vocabulary", None)
    if vocabulary is None:
        vocabulary = _LOCAL.vocabulary = _Vocabulary()
    return vocabulary


def _matcher(words: Iterable[str], wanted: set[str], starts: tuple[str, ...]) -> dict[str, str]:
    """Which of these words match the query, and the index term each stands for."""
    present = words if isinstance(words, frozenset) else frozenset(words)
    vocabulary = _vocabulary()
    vocabulary.add(present)
    found: dict[str, str] = {}
    for term in wanted:
        for word in vocabulary.by_term.get(term, set()) & present:
            found[word] = term
    if starts:
        terms = vocabulary.terms
        for word in present:
            known = terms[word]
            if known is not None and (known.startswith(starts) or word.lower().startswith(starts)):
                found[word] = known
    return found


@dataclass
class _Found:
    """What one window holds of the query: terms, where they begin, phrases begun there."""

    terms: set[str]
    first_cue: int
    phrases: int = 0

    @property
    def score(self) -> float:
        return len(self.terms) + 2.0 * self.phrases


def _window_candidates(
    data: dict[str, Any],
    wanted: set[str],
    starts: tuple[str, ...],
    phrases: Sequence[Sequence[str]],
    limit: int,
) -> list[_Candidate]:
    hits = _matcher(data["words"], wanted, starts)
    if not hits:
        return []  # the query matched elsewhere in this resource, not in what was said
    text: str = data["text"]
    offsets: list[int] = data["offsets"]
    windows: list[int] = data["windows"]
    # Phrases by their first term: only a word that can open one is looked past.
    openers: dict[str, list[Sequence[str]]] = {}
    for phrase in phrases:
        if phrase:
            openers.setdefault(phrase[0], []).append(phrase)
    lookup = _ANALYZER.term_lookup()
    found: dict[int, _Found] = {}
    for match in _occurrences(text, hits):
        cue = bisect_right(offsets, match.start()) - 1
        window = bisect_right(windows, cue) - 1
        place = found.get(window)
        if place is None:
            place = found[window] = _Found(set(), cue)
        term = hits[match.group()]
        place.terms.add(term)
        if term not in openers:
            continue
        begun = sum(_phrase_at(text, match, phrase, lookup) for phrase in openers[term])
        if begun and not place.phrases:
            place.first_cue = cue  # the moment starts where the phrase does
        place.phrases += begun
    if any(place.phrases for place in found.values()):
        found = {window: place for window, place in found.items() if place.phrases}
    best = sorted(found.items(), key=lambda pair: (-pair[1].score, pair[0]))[:limit]
    return [_window(data, window, place) for window, place in best]


def _occurrences(text: str, hits: dict[str, str]) -> Iterable[re.Match[str]]:
    """Each whole word of ``text`` that is one of ``hits``: a regex of those words
    finds the places (in C), the tokeniser confirms each is a word of its own."""
    pattern = re.compile("|".join(re.escape(word) for word in sorted(hits, key=len, reverse=True)))
    for candidate in pattern.finditer(text):
        at = candidate.start()
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue
        token = _WORDS.match(text, at)
        if token is not None and token.group() in hits:
            yield token


def _phrase_at(
    text: str, match: re.Match[str], phrase: Sequence[str], lookup: Callable[[str], str | None]
) -> bool:
    """Whether ``phrase`` (index terms), whose first term this word is, begins
    here; stop words are skipped, as the index numbers positions without them."""
    position = 1
    for word in _WORDS.finditer(text, match.end()):
        if position == len(phrase):
            return True
        term = lookup(word.group())
        if term is None:
            continue
        if term != phrase[position]:
            return False
        position += 1
    return position == len(phrase)


def _window(data: dict[str, Any], window: int, place: _Found) -> _Candidate:
    offsets: list[int] = data["offsets"]
    windows: list[int] = data["windows"]
    text: str = data["text"]
    begin = windows[window]
    stop = windows[window + 1] if window + 1 < len(windows) else len(offsets)
    end_offset = offsets[stop] if stop < len(offsets) else len(text)
    first = place.first_cue
    return _Candidate(
        score=place.score,
        start=float(data["starts"][first]),
        end=float(max(data["ends"][first:stop])),
        text=text[offsets[begin] : end_offset].strip(),
        speaker=data["speakers"][data["who"][first]],
    )


def _last_end(data: dict[str, Any], start: float) -> float:
    """Where the last chapter ends: with the last words spoken after it, when the
    transcript is timed (chapters alone carry no end)."""
    ends: list[float] = data.get("ends") or []
    last = max(ends, default=start) if data.get("timed") else start
    return max(last, start)


def _chapter_candidates(
    data: dict[str, Any], wanted: set[str], starts: tuple[str, ...]
) -> list[_Candidate]:
    chapters: list[list[Any]] = data["chapters"]
    found: list[_Candidate] = []
    for number, (start, title) in enumerate(chapters):
        words = _matcher(_WORDS.findall(title), wanted, starts)
        if words:
            end = chapters[number + 1][0] if number + 1 < len(chapters) else _last_end(data, start)
            # A title sums up its chapter: it counts a little more than the same words spoken.
            found.append(
                _Candidate(len(set(words.values())) + 0.5, float(start), float(end), title, "")
            )
    return found


def _snippet(text: str, wanted: set[str], starts: tuple[str, ...]) -> str:
    shown = highlight(text, wanted, starts)
    if shown:
        return shown
    words = text.split()
    cut = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
    return html.escape(cut)
