"""Text analysis: how words become index terms, the same at index and query time.

Tokens are lower-cased, stripped of accents, folded from American to British
spelling and stemmed with PyStemmer's Snowball English stemmer (a C stemmer,
much faster than Whoosh's pure-Python Porter).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from functools import cache

import Stemmer
from whoosh.analysis import (
    STOP_WORDS,
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.support.charset import accent_map

from resources_db.bundled import bundled_path

MEMO_LIMIT = 500_000  # distinct raw words remembered per thread before starting afresh

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

    def __getstate__(self) -> dict[str, object]:
        return {}  # the stemmer is rebuilt lazily wherever the analyser is unpickled

    def __setstate__(self, _state: dict[str, object]) -> None:
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


class FusedAnalyzer(Tokenizer):
    """The whole chain in one loop: tokenize, lower, fold accents, normalise, fold
    spellings and (for text fields) drop stop words and stem.

    It yields exactly what the equivalent chain of Whoosh filters yields
    (``chained_analyzer``; a test holds the two together), at a fraction of the
    cost: one generator instead of six, and stems remembered per word, since
    word frequencies follow Zipf's law and most tokens repeat.
    """

    def __init__(self, *, stop: bool, stem: bool) -> None:
        self.stop, self.stem = stop, stem
        self.is_morph = stem
        self._pattern = re.compile(TOKEN_PATTERN, re.UNICODE)
        self._local = threading.local()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FusedAnalyzer) and (other.stop, other.stem) == (
            self.stop,
            self.stem,
        )

    def __hash__(self) -> int:
        return hash((FusedAnalyzer, self.stop, self.stem))

    def __getstate__(self) -> dict[str, bool]:
        return {"stop": self.stop, "stem": self.stem}

    def __setstate__(self, state: dict[str, bool]) -> None:
        self.__init__(stop=state["stop"], stem=state["stem"])  # type: ignore[misc]

    def _memo(self) -> dict[str, tuple[str, bool, str]]:
        """raw word -> (term, is a stop word, stem), one table per thread."""
        memo = getattr(self._local, "memo", None)
        if memo is None:
            memo = self._local.memo = {}
            self._local.stemmer = Stemmer.Stemmer("english", 0)
        return memo

    def term_lookup(self) -> Callable[[str], str | None]:
        """raw word -> its index term, or None for a stop word (this thread's memo)."""
        memo = self._memo()
        analyse = self._analyse

        def lookup(raw: str) -> str | None:
            known = memo.get(raw)
            if known is None:
                known = memo[raw] = analyse(raw)
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
            text, stopped, stem = known
            return None if stopped or not text else stem

        return lookup

    def _analyse(self, raw: str) -> tuple[str, bool, str]:
        text = raw.lower().translate(_ACCENTS)
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        if "," in text:
            text = text.replace(",", "")
        text = _SPELLINGS().get(text, text)
        stopped = self.stop and (not text or text in STOP_WORDS)
        stem = self._local.stemmer.stemWord(text) if self.stem and not stopped else text
        return text, stopped, stem

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        memo = self._memo()
        matches = self._pattern.finditer(value) if tokenize else iter([_Whole(value)])
        raw_pos, kept_pos = start_pos - 1, None
        for match in matches:
            raw_pos += 1
            raw = match.group()
            known = memo.get(raw)
            if known is None:
                # Words repeat (Zipf): each distinct spelling is analysed once.
                known = memo[raw] = self._analyse(raw)
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
            text, stopped, stem = known
            if stopped and removestops:
                continue
            if not stopped and self.stop:
                # As Whoosh's StopFilter renumbers: kept words sit side by side.
                kept_pos = raw_pos if kept_pos is None else kept_pos + 1
            token.text, token.stopped, token.boost = (text if stopped else stem), stopped, 1.0
            if keeporiginal or not tokenize:
                token.original = raw
            if positions:
                token.pos = kept_pos if self.stop and not stopped else raw_pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class _Whole:
    """The whole value as one match, for ``tokenize=False``."""

    def __init__(self, value: str) -> None:
        self.value = value

    def group(self) -> str:
        return self.value

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return len(self.value)


_ACCENTS = {code: (text or "") for code, text in accent_map.items()}


def _SPELLINGS() -> dict[str, str]:
    return spelling_variants()


def chained_analyzer(*, stop: bool, stem: bool) -> Analyzer:
    """The same analysis as Whoosh filters; kept to prove FusedAnalyzer equal to it."""
    chain = (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | NormaliseFilter()
        | SpellingFilter()
    )
    if stop:
        chain = chain | StopFilter(minsize=1)
    if stem:
        chain = chain | SnowballStemFilter()
    return chain


def word_analyzer() -> Analyzer:
    """Lower-case and accent-folded words, no stemming: for spelling suggestions."""
    return FusedAnalyzer(stop=False, stem=False)


def text_analyzer() -> Analyzer:
    """The analyser of every searchable text field."""
    return FusedAnalyzer(stop=True, stem=True)


def name_analyzer() -> Analyzer:
    """Names of people and organisations: folded but not stemmed or stopped."""
    return FusedAnalyzer(stop=False, stem=False)


def analyse(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """The terms ``text`` becomes (for building queries by hand)."""
    chosen = analyzer or text_analyzer()
    return [token.text for token in chosen(text) if token.text]
