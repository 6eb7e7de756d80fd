"""Text analysis: how words become index terms, the same at index and query time.

Tokens are lower-cased, stripped of accents, folded from American to British
spelling and stemmed with PyStemmer's Snowball English stemmer (a C stemmer,
much faster than Whoosh's pure-Python Porter).
"""

from __future__ import annotations

import json
import threading
from functools import cache

import Stemmer
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.support.charset import accent_map

from resources_db.bundled import bundled_path

# Words may hold apostrophes and dots (o'clock, e.g), and digit groups commas
# (1,001), so that "1,001 days" and "1001 days" meet as one term.
TOKEN_PATTERN = r"\w+(?:(?:[.'’]|(?<=\d),(?=\d{3}))\w+)*"


@cache
def spelling_variants() -> dict[str, str]:
    data = json.loads(bundled_path("search_index", "data", "spellings.json").read_text("utf-8"))
    return dict(data["words"])


class SpellingFilter(Filter):
    """Folds American spellings onto British ones so either finds both."""

    def __call__(self, tokens):  # type: ignore[no-untyped-def]
        variants = spelling_variants()
        for token in tokens:
            token.text = variants.get(token.text, token.text)
            yield token


class NormaliseFilter(Filter):
    """``baby's`` indexes as ``baby`` and ``1,001`` as ``1001``."""

    def __call__(self, tokens):  # type: ignore[no-untyped-def]
        for token in tokens:
            text = token.text
            if text.endswith(("'s", "’s")):
                text = text[:-2]
            if "," in text:
                text = text.replace(",", "")
            token.text = text
            yield token


class SnowballStemFilter(Filter):
    """Stems with PyStemmer. Stemmer objects are not thread-safe: one per thread."""

    is_morph = True

    def __init__(self) -> None:
        self._local = threading.local()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SnowballStemFilter)

    def __hash__(self) -> int:
        return hash(SnowballStemFilter)

    def __getstate__(self) -> dict:
        return {}  # the stemmer is rebuilt lazily wherever the analyser is unpickled

    def __setstate__(self, _state: dict) -> None:
        self._local = threading.local()

    def _stemmer(self) -> Stemmer.Stemmer:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = Stemmer.Stemmer("english", 0)
            self._local.stemmer = stemmer
        return stemmer

    def __call__(self, tokens):  # type: ignore[no-untyped-def]
        stem = self._stemmer().stemWord
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def word_analyzer() -> Analyzer:
    """Lower-case and accent-folded words, no stemming: for spelling suggestions."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | NormaliseFilter()
        | SpellingFilter()
    )


def text_analyzer() -> Analyzer:
    """The analyser of every searchable text field."""
    return word_analyzer() | StopFilter(minsize=1) | SnowballStemFilter()


def name_analyzer() -> Analyzer:
    """Names of people and organisations: folded but not stemmed or stopped."""
    return word_analyzer()


def analyse(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """The terms ``text`` becomes (for building queries by hand)."""
    chosen = analyzer or text_analyzer()
    return [token.text for token in chosen(text) if token.text]
