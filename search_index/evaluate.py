"""Matching and scoring a parsed query over a whole index, in numpy.

A query tree (Whoosh query objects, as ``query.py`` builds them) becomes a
``Matched``: a boolean per document and a score per document. Terms are
scored with BM25 on the one text field (whose weights already carry the
section boosts); AND adds scores, OR adds the scores of what matched, NOT
removes documents, a phrase keeps the documents whose positions line up.
Every operation is a whole-array one, so a query costs about the same
whether it matches ten documents or ninety thousand.
"""

from __future__ import annotations

import fnmatch
import math
import re
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from search_index.index_view import IndexView
from search_index.postings import positions_of
from search_index.query import FilterLeaf
from search_index.schema import TEXT_FIELD, TITLE_FIELD

K1 = 1.2
# Gentle length normalisation: a full report that mentions a term often should
# not lose to a one-line directory entry that mentions it once.
B = 0.3
# A title holding the word adds this many times its own BM25 score.
TITLE_WEIGHT = 2.0
TITLE_B = 0.75
MAX_EXPANSIONS = 48  # words a prefix or wildcard stands for, most common first
# Two letters while typing begin thousands of words: the commonest few show
# what is coming, and the next letter narrows it anyway (a search asked for
# with Enter, and any wildcard, still stands for MAX_EXPANSIONS).
SHORT_PREFIX = 2
SHORT_PREFIX_EXPANSIONS = 16


@dataclass
class Matched:
    mask: np.ndarray  # bool per document
    scores: np.ndarray  # float32 per document, 0 where not matched


class Evaluator:
    def __init__(self, view: IndexView, *, as_you_type: bool = False) -> None:
        self.view = view
        self.as_you_type = as_you_type
        self.highlight_terms: set[str] = set()
        self.highlight_prefixes: set[str] = set()
        # Phrases of the text field, so a moment can be placed where one is spoken.
        self.highlight_phrases: list[tuple[str, ...]] = []

    def nothing(self) -> Matched:
        return Matched(np.zeros(self.view.size, dtype=bool), self.view.zero_scores())

    def everything(self) -> Matched:
        return Matched(self.view.live.copy(), self.view.zero_scores())

    def run(self, query: wq.Query) -> Matched:
        matched = self.evaluate(query)
        matched.mask &= self.view.live
        matched.scores *= matched.mask
        return matched

    def evaluate(self, query: wq.Query) -> Matched:
        if query is wq.NullQuery or isinstance(query, wq.NullQuery.__class__):
            return self.nothing()
        if isinstance(query, wq.Every):
            return self.everything()
        if isinstance(query, wq.Term):
            return self.term(query.fieldname, query.text, query.boost)
        if isinstance(query, wq.Phrase):
            return self.phrase(query)
        if isinstance(query, wq.And):
            return self.all_of([self.evaluate(q) for q in query.subqueries], query.boost)
        if isinstance(query, wq.Or):
            return self.any_of([self.evaluate(q) for q in query.subqueries], query)
        if isinstance(query, wq.Not):
            inner = self.evaluate(query.query)
            return Matched(~inner.mask, self.view.zero_scores())
        if isinstance(query, wq.AndNot):
            kept, dropped = self.evaluate(query.a), self.evaluate(query.b)
            mask = kept.mask & ~dropped.mask
            return Matched(mask, kept.scores * mask)
        if isinstance(query, wq.Require):
            scored, required = self.evaluate(query.a), self.evaluate(query.b)
            mask = scored.mask & required.mask
            return Matched(mask, scored.scores * mask)
        if isinstance(query, wq.AndMaybe):
            required, optional = self.evaluate(query.a), self.evaluate(query.b)
            return Matched(required.mask, (required.scores + optional.scores) * required.mask)
        if isinstance(query, wq.Otherwise):
            first = self.evaluate(query.a)
            return first if first.mask.any() else self.evaluate(query.b)
        if isinstance(query, wq.NumericRange):
            return self.numeric_range(query)
        if isinstance(query, wq.Prefix | wq.Wildcard):
            return self.expanding(query)
        if isinstance(query, FilterLeaf):
            return self.evaluate(query.inner)
        return self.other(query)

    # --- leaves --------------------------------------------------------------------

    def term(
        self, fieldname: str, text: str | bool, boost: float = 1.0, *, title: bool = True
    ) -> Matched:
        ids, weights = self.view.postings(fieldname, text)
        mask = np.zeros(self.view.size, dtype=bool)
        mask[ids] = True
        scores = self.view.zero_scores()
        if fieldname == TEXT_FIELD and len(ids):
            self.highlight_terms.add(str(text))
            idf = self._idf(len(ids))
            scores[ids] = self._bm25(TEXT_FIELD, ids, weights, idf, B) * boost
            in_title, title_weights = (
                self.view.postings(TITLE_FIELD, text) if title else (ids[:0], weights[:0])
            )
            if len(in_title):
                bonus = self._bm25(TITLE_FIELD, in_title, title_weights, idf, TITLE_B)
                scores[in_title] += bonus * (TITLE_WEIGHT * boost)
        return Matched(mask, scores)

    def _idf(self, frequency: int) -> float:
        documents = max(1, self.view.live_count)
        # Whoosh's idf: even a word most resources contain still counts a little.
        return math.log(documents / (frequency + 1.0)) + 1.0

    def _bm25(
        self, fieldname: str, ids: np.ndarray, weights: np.ndarray, idf: float, b: float
    ) -> np.ndarray:
        norm = self.view.length_norm(fieldname, K1, b)[ids]
        scores: np.ndarray = (idf * weights * (K1 + 1.0) / (weights + norm)).astype(np.float32)
        return scores

    def phrase(self, query: wq.Phrase) -> Matched:
        words = [str(word) for word in query.words]
        if not words:
            return self.nothing()
        parts = [self.term(query.fieldname, word, query.boost) for word in words]
        together = self.all_of(parts, 1.0)
        if len(words) == 1:
            return together
        if query.fieldname == TEXT_FIELD:
            self.highlight_phrases.append(tuple(words))
        candidates = np.flatnonzero(together.mask)
        found = self._aligned(query.fieldname, words, candidates, query.slop)
        mask = np.zeros(self.view.size, dtype=bool)
        mask[found] = True
        return Matched(mask, together.scores * mask)

    def _aligned(
        self, fieldname: str, words: list[str], candidates: np.ndarray, slop: int
    ) -> np.ndarray:
        """The candidates in which ``words`` occur in order, at most ``slop`` apart."""
        found: list[np.ndarray] = []
        for segment, offset, local in self.view.split(candidates):
            if not len(local):
                continue
            keys = None
            for number, word in enumerate(words):
                docs, positions = positions_of(segment.postings(fieldname, word), local)
                if slop <= 1:
                    key = (docs.astype(np.int64) << 32) | (positions - number + len(words))
                    keys = key if keys is None else _sorted_intersection(keys, key)
                else:
                    keys = _near(keys, docs, positions, slop)
                if not len(keys):
                    break
            if keys is not None and len(keys):
                found.append(_distinct_sorted(keys >> 32).astype(np.int64) + offset)
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def numeric_range(self, query: wq.NumericRange) -> Matched:
        values = self.view.numeric(query.fieldname)
        mask = values != 0
        if query.start is not None:
            mask &= values >= int(query.start) if not query.startexcl else values > query.start
        if query.end is not None:
            mask &= values <= int(query.end) if not query.endexcl else values < query.end
        return Matched(mask, self.view.zero_scores())

    def expanding(self, query: wq.Prefix | wq.Wildcard) -> Matched:
        prefix = query.text if isinstance(query, wq.Prefix) else _literal_prefix(query.text)
        words = self.view.words_with_prefix(query.fieldname, prefix)
        if isinstance(query, wq.Wildcard):
            pattern = re.compile(fnmatch.translate(query.text))
            words = [(word, count) for word, count in words if pattern.match(word)]
        typed = self.as_you_type and isinstance(query, wq.Prefix)
        most = SHORT_PREFIX_EXPANSIONS if typed and len(prefix) <= SHORT_PREFIX else MAX_EXPANSIONS
        words = sorted(words, key=lambda pair: (-pair[1], pair[0]))[:most]
        if query.fieldname == TEXT_FIELD:
            self.highlight_prefixes.add(prefix)
        if not words:
            return self.nothing()
        # Each word a prefix stands for counts by itself (no title bonus: a
        # prefix is looked up in every segment for dozens of words).
        parts = [self.term(query.fieldname, word, title=False) for word, _ in words]
        mask = np.logical_or.reduce([part.mask for part in parts])
        best = np.maximum.reduce([part.scores for part in parts])
        return Matched(mask, best * query.boost)

    def other(self, query: wq.Query) -> Matched:
        """Rare syntax (ranges of words, fuzzy terms): Whoosh finds the documents."""
        mask = np.zeros(self.view.size, dtype=bool)
        docs = list(self.view.whoosh_docs(query))
        if docs:
            mask[np.asarray(docs, dtype=np.int64)] = True
        return Matched(mask, mask.astype(np.float32) * float(query.boost))

    # --- combining -----------------------------------------------------------------

    def all_of(self, parts: list[Matched], boost: float) -> Matched:
        if not parts:
            return self.nothing()
        mask = np.logical_and.reduce([part.mask for part in parts])
        scores = np.add.reduce([part.scores for part in parts]) * mask * boost
        return Matched(mask, scores.astype(np.float32))

    def any_of(self, parts: list[Matched], query: wq.Or) -> Matched:
        if not parts:
            return self.nothing()
        mask = np.logical_or.reduce([part.mask for part in parts])
        scores = np.add.reduce([part.scores for part in parts]) * query.boost
        if query.scale and len(parts) > 1:
            # Whoosh's coordination bonus: documents matching more of the
            # alternatives rank above those matching one of them often.
            count = np.add.reduce([part.mask.astype(np.float32) for part in parts])
            scores = scores * (1.0 - query.scale + query.scale * count / len(parts))
        return Matched(mask, scores.astype(np.float32))


def _sorted_intersection(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Values in both of two sorted arrays of distinct values (keys come sorted:
    documents in order, positions in order within each)."""
    if not len(first) or not len(second):
        return first[:0]
    index = np.searchsorted(first, second)
    inside = index < len(first)
    found = second[inside]
    both: np.ndarray = found[first[index[inside]] == found]
    return both


def _near(
    keys: np.ndarray | None, docs: np.ndarray, positions: np.ndarray, slop: int
) -> np.ndarray:
    """Keys (doc << 32 | position) of words following the previous ones within ``slop``."""
    current: np.ndarray = (docs.astype(np.int64) << 32) | positions
    if keys is None:
        return current
    reachable = _distinct_sorted(np.sort(np.concatenate([keys + s for s in range(1, slop + 1)])))
    return np.intersect1d(current, reachable, assume_unique=True)


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    """A sorted array without repeats. (``np.unique`` sorts again, and its
    first call imports ``numpy.ma``: 40 ms of a user's first phrase search.)"""
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _literal_prefix(pattern: str) -> str:
    match = re.match(r"[^*?\[]*", pattern)
    return match.group() if match else ""
