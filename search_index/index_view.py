"""The whole index as one run of document numbers, over its segments' arrays.

A view belongs to one Whoosh searcher (a snapshot): it numbers documents as
the searcher does (segment by segment) and knows which are live (neither
deleted by an edit nor withdrawn). Its arrays come from ``SegmentData``,
which outlives the view, so a new view after an edit is cheap.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher

from search_index.postings import EMPTY_IDS, EMPTY_WEIGHTS, SegmentCache, SegmentData
from search_index.schema import KEYWORD_FACETS, KIND_BOOSTS, STATUS_BOOSTS, TEXT_FIELD


class IndexView:
    def __init__(self, searcher: Searcher, cache: SegmentCache) -> None:
        self.searcher = searcher
        self.leaves: list[tuple[SegmentData, int]] = [
            (cache.for_reader(reader), offset)
            for reader, offset in searcher.reader().leaf_readers()
            if isinstance(reader, SegmentReader)  # an empty index has an EmptyReader
        ]
        self.size = sum(segment.doc_count for segment, _ in self.leaves)
        self._lock = threading.Lock()
        self._keywords: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        self._facets: dict[str, tuple[list[str], np.ndarray, np.ndarray, np.ndarray]] = {}
        self._numeric: dict[str, np.ndarray] = {}
        self._norms: dict[tuple[str, float, float], np.ndarray] = {}
        self._titles: np.ndarray | None = None
        self._vocabularies: dict[str, dict[str, dict[str, int]]] = {}
        self.live = self._live()
        self.live_count = int(self.live.sum())
        # Multiplies a hit's score: directory entries and out-of-date resources rank lower.
        self.status_boost = self._boost("status", STATUS_BOOSTS)
        self.rank_boost = self._boost("kind", KIND_BOOSTS) * self.status_boost

    def zero_scores(self) -> np.ndarray:
        return np.zeros(self.size, dtype=np.float32)

    def _live(self) -> np.ndarray:
        live = np.ones(self.size, dtype=bool)
        for segment, offset in self.leaves:
            live[segment.deleted() + offset] = False
        withdrawn, _ = self.postings("withdrawn", True)
        live[withdrawn] = False
        return live

    def _boost(self, fieldname: str, boosts: dict[str, float]) -> np.ndarray:
        boost = np.ones(self.size, dtype=np.float32)
        values, docs, codes = self.keyword(fieldname)
        for code, value in enumerate(values):
            if value in boosts:
                boost[docs[codes == code]] = boosts[value]
        return boost

    # --- postings ------------------------------------------------------------------

    def postings(self, fieldname: str, text: str | bool) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (of this view) and weights of one term."""
        ids, weights = [], []
        for segment, offset in self.leaves:
            found = segment.postings(fieldname, text)  # type: ignore[arg-type]
            if len(found.ids):
                ids.append(found.ids + offset if offset else found.ids)
                weights.append(found.weights)
        if not ids:
            return EMPTY_IDS, EMPTY_WEIGHTS
        if len(ids) == 1:
            return ids[0], weights[0]
        return np.concatenate(ids), np.concatenate(weights)

    def split(self, docs: np.ndarray) -> Iterator[tuple[SegmentData, int, np.ndarray]]:
        """``docs`` (sorted view numbers) as each segment's own document numbers."""
        for segment, offset in self.leaves:
            low, high = np.searchsorted(docs, [offset, offset + segment.doc_count])
            yield segment, offset, (docs[low:high] - offset).astype(np.int32)

    def _segment_words_with_prefix(self, fieldname: str, prefix: str) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for segment, _ in self.leaves:
            for word, frequency in segment.iter_prefix(fieldname, prefix):
                counts[word] = counts.get(word, 0) + frequency
        return list(counts.items())

    def vocabulary(self, fieldname: str) -> dict[str, dict[str, int]]:
        """The words of ``fieldname`` over all segments with their frequencies,
        grouped by first letter."""
        with self._lock:
            found = self._vocabularies.get(fieldname)
        if found is not None:
            return found
        merged: dict[str, dict[str, int]] = {}
        for segment, _ in self.leaves:
            for word, frequency in segment.vocabulary(fieldname).items():
                group = merged.setdefault(word[:1], {})
                group[word] = group.get(word, 0) + frequency
        with self._lock:
            self._vocabularies[fieldname] = merged
        return merged

    def words_within(self, fieldname: str, text: str, maxdist: int) -> dict[str, int]:
        """Words at most ``maxdist`` edits from ``text`` (same first letter), with frequencies."""
        # Imported at the first correction, not at every start.
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        group = self.vocabulary(fieldname).get(text[:1], {})
        found = process.extract(
            text, list(group), scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None
        )
        return {word: group[word] for word, _, _ in found}

    def words_with_prefix(self, fieldname: str, prefix: str) -> list[tuple[str, int]]:
        if fieldname != TEXT_FIELD:
            group = self.vocabulary(fieldname).get(prefix[:1], {})
            return [(word, n) for word, n in group.items() if word.startswith(prefix)]
        return self._segment_words_with_prefix(fieldname, prefix)

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return sum(segment.doc_frequency(fieldname, text) for segment, _ in self.leaves)

    def whoosh_docs(self, query: wq.Query) -> Iterator[int]:
        yield from query.docs(self.searcher)

    # --- per-document values -------------------------------------------------------

    def length_norm(self, fieldname: str, k1: float, b: float) -> np.ndarray:
        """BM25's per-document length term, ``k1 * (1 - b + b * length / average)``."""
        with self._lock:
            found = self._norms.get((fieldname, k1, b))
            if found is None:
                lengths = self._concat(lambda s: s.field_lengths(fieldname), np.float32)
                live = lengths[self.live]
                average = float(live.mean()) if len(live) else 1.0
                found = (k1 * ((1.0 - b) + b * lengths / max(average, 1.0))).astype(np.float32)
                self._norms[(fieldname, k1, b)] = found
            return found

    def numeric(self, fieldname: str) -> np.ndarray:
        with self._lock:
            found = self._numeric.get(fieldname)
            if found is None:
                found = self._concat(lambda s: s.numeric_column(fieldname), np.int32)
                self._numeric[fieldname] = found
            return found

    def title_order(self) -> np.ndarray:
        """Each document's rank when sorted by title."""
        with self._lock:
            if self._titles is None:
                titles: list[bytes] = []
                for segment, _ in self.leaves:
                    titles.extend(segment.bytes_column("title_sort"))
                order = sorted(range(len(titles)), key=titles.__getitem__)
                ranks = np.empty(len(titles), dtype=np.int64)
                ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(titles))
                self._titles = ranks
            return self._titles

    def keyword(self, fieldname: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(values, doc numbers, value numbers) of a keyword field over the whole view."""
        with self._lock:
            found = self._keywords.get(fieldname)
        if found is not None:
            return found
        values: dict[str, int] = {}
        docs, codes = [], []
        for segment, offset in self.leaves:
            local_values, local_docs, local_codes = segment.keyword_table(fieldname)
            mapping = np.array(
                [values.setdefault(value, len(values)) for value in local_values], dtype=np.int32
            )
            docs.append(local_docs + offset)
            codes.append(mapping[local_codes] if len(mapping) else local_codes)
        found = (
            list(values),
            np.concatenate(docs) if docs else EMPTY_IDS,
            np.concatenate(codes) if codes else EMPTY_IDS,
        )
        with self._lock:
            self._keywords[fieldname] = found
        return found

    def facet_counts(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        """How many of the documents in ``mask`` have each value of each facet.

        Only the pairs of the documents counted are read, or, when those are
        more than half, of the others, taken from the totals."""
        chosen = np.flatnonzero(mask)
        others = 2 * len(chosen) > len(mask)
        if others:
            chosen = np.flatnonzero(~mask)
        counts: dict[str, dict[str, int]] = {}
        for fieldname in KEYWORD_FACETS:
            values, codes, starts, totals = self._facet_index(fieldname)
            tally = _tally(codes, starts, chosen, len(values))
            if others:
                tally = totals - tally
            nonzero = np.flatnonzero(tally)
            counts[fieldname] = dict(
                zip([values[i] for i in nonzero.tolist()], tally[nonzero].tolist(), strict=True)
            )
        years = self.numeric("year")
        known = years[mask & (years > 0)]
        if len(known):
            first = int(known.min())
            tally = np.bincount(known - first)
            counts["year"] = {str(first + i): int(tally[i]) for i in np.flatnonzero(tally)}
        else:
            counts["year"] = {}
        return counts

    def _facet_index(self, fieldname: str) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """(values, value numbers in document order, where each document's start,
        each value's count over every document) of a keyword facet."""
        with self._lock:
            found = self._facets.get(fieldname)
        if found is not None:
            return found
        values, docs, codes = self.keyword(fieldname)  # in document order, segment by segment
        if len(docs) > 1 and bool((np.diff(docs) < 0).any()):
            order = np.argsort(docs, kind="stable")
            docs, codes = docs[order], codes[order]
        starts = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(docs, minlength=self.size), out=starts[1:])
        found = (values, codes, starts, np.bincount(codes, minlength=len(values)))
        with self._lock:
            self._facets[fieldname] = found
        return found

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        for segment, offset in self.leaves:
            if offset <= docnum < offset + segment.doc_count:
                return segment.stored_fields(docnum - offset)
        raise IndexError(docnum)

    def _concat(self, read, dtype) -> np.ndarray:  # type: ignore[no-untyped-def]
        parts = [read(segment) for segment, _ in self.leaves]
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def _tally(codes: np.ndarray, starts: np.ndarray, docs: np.ndarray, size: int) -> np.ndarray:
    """How often each value number occurs among the pairs of ``docs``."""
    first = starts[docs]
    counts = starts[docs + 1] - first
    # Pair k of the result is first[i] + (k - where document i's run begins).
    runs = np.repeat(first - (np.cumsum(counts) - counts), counts)
    return np.bincount(codes[runs + np.arange(int(counts.sum()))], minlength=size)
