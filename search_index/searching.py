"""Running a query against an open searcher: ranking, fallbacks, facets, snippets."""

from __future__ import annotations

import html
import re
import threading
import weakref
from collections.abc import Mapping, Sequence
from typing import ClassVar

from whoosh import highlight, sorting
from whoosh import query as wq
from whoosh.searching import Searcher

from search_index.analysis import word_analyzer
from search_index.query import filter_query, plain_words, split_filters, text_query
from search_index.results import Hit, SearchResults
from search_index.schema import FACET_FIELDS

SNIPPET_SOURCE_CHARS = 3000
SNIPPET_CHARS = 200
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class BoldFormatter(highlight.HtmlFormatter):
    """Matches in <b>…</b>, everything else HTML-escaped (no classes to style)."""

    def __init__(self) -> None:
        super().__init__(tagname="b", between=" … ")

    def format_token(self, text: str, token, replace: bool = False) -> str:  # type: ignore[no-untyped-def]
        return f"<b>{html.escape(highlight.get_text(text, token, replace))}</b>"


def _known_kinds(searcher: Searcher) -> list[str]:
    return [term.decode("utf-8") for term in searcher.reader().lexicon("kind")]


class _CachedValuesCategorizer(sorting.OverlappingCategorizer):
    """Whoosh rebuilds each segment's docnum -> values lists on every search by
    reading every posting of the field. A segment reader never changes, so the
    lists are kept with it (weakly: they go when the searcher is replaced)."""

    _cache: ClassVar[weakref.WeakKeyDictionary] = weakref.WeakKeyDictionary()  # type: ignore[type-arg]
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def set_searcher(self, segment_searcher, docoffset):  # type: ignore[no-untyped-def]
        reader = segment_searcher.reader()
        with self._lock:
            cached = self._cache.get(reader, {}).get(self._fieldname)
        if cached is None:
            super().set_searcher(segment_searcher, docoffset)
            if self._lists is not None:
                with self._lock:
                    self._cache.setdefault(reader, {})[self._fieldname] = self._lists
            return
        self._segment_searcher = segment_searcher
        self._lists = cached


class _CachedFieldFacet(sorting.FieldFacet):
    def categorizer(self, global_searcher):  # type: ignore[no-untyped-def]
        if self.allow_overlap:
            return _CachedValuesCategorizer(global_searcher, self.fieldname)
        return super().categorizer(global_searcher)


def _facets() -> dict[str, sorting.FieldFacet]:
    # Every keyword facet counts through the cached per-segment lists (kind holds
    # one value per resource, so counting it as "overlapping" gives the same counts).
    return {
        name: _CachedFieldFacet(field, allow_overlap=name != "year", maptype=sorting.Count)
        for name, field in FACET_FIELDS.items()
    }


def _sorted_by(sort: str, has_text: bool) -> sorting.FieldFacet | None:
    if sort == "title":
        return sorting.FieldFacet("title_sort")
    if sort == "date" or (sort == "relevance" and not has_text):
        return sorting.FieldFacet("published", reverse=True)
    return None


def _execute(searcher: Searcher, q: wq.Query, *, limit: int, sortedby):  # type: ignore[no-untyped-def]
    return searcher.search(
        q,
        limit=limit,
        mask=wq.Term("withdrawn", True),
        groupedby=_facets(),
        sortedby=sortedby,
        terms=True,
    )


def run_search(
    searcher: Searcher,
    raw: str,
    *,
    limit: int,
    offset: int,
    filters: Mapping[str, Sequence[str]] | None,
    sort: str,
    as_you_type: bool,
) -> SearchResults:
    parsed = split_filters(raw, filters)
    schema = searcher.schema
    restrict = filter_query(parsed.filters, _known_kinds(searcher))
    has_text = bool(plain_words(parsed.text))
    sortedby = _sorted_by(sort, has_text)
    corrected: str | None = None
    labels: list[str] = []

    def attempt(text: str, *, all_words: bool = True):  # type: ignore[no-untyped-def]
        nonlocal labels
        if not plain_words(text):
            return _execute(searcher, restrict, limit=offset + limit, sortedby=sortedby)
        text_q, labels = text_query(schema, text, all_words=all_words, as_you_type=as_you_type)
        combined = text_q if isinstance(restrict, wq.Every) else wq.And([text_q, restrict])
        return _execute(searcher, combined, limit=offset + limit, sortedby=sortedby)

    results = attempt(parsed.text)
    if len(results) == 0 and has_text:
        fixed = correct_words(searcher, parsed.text)
        if fixed is not None:
            retry = attempt(fixed)
            if len(retry) > 0:
                results = retry
                corrected = _apply_correction(raw, parsed.text, fixed)
        if len(results) == 0 and _is_plain_words(parsed.text):
            results = attempt(fixed or parsed.text, all_words=False)
            if len(results) > 0 and fixed is not None:
                corrected = _apply_correction(raw, parsed.text, fixed)
    return SearchResults(
        query=raw,
        total=len(results),
        corrected=corrected,
        expansions=labels,
        hits=_hits(results, offset, limit, scored=sortedby is None),
        facets=_facet_counts(results),
        filters={k: list(v) for k, v in parsed.filters.items()},
    )


def _is_plain_words(text: str) -> bool:
    words = text.split()
    return len(words) > 1 and not any(
        w in OPERATORS or w.startswith(("-", "+")) or '"' in w for w in words
    )


def _facet_counts(results) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    counts: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        groups = results.groups(name)
        ordered = sorted(
            ((str(value), count) for value, count in groups.items() if value not in (None, "")),
            key=lambda pair: (-pair[1], pair[0]),
        )
        counts[name] = dict(ordered)
    return counts


def _hits(results, offset: int, limit: int, *, scored: bool) -> list[Hit]:  # type: ignore[no-untyped-def]
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
    results.formatter = BoldFormatter()
    hits = []
    for hit in results[offset : offset + limit]:
        display = hit.get("display") or {}
        hits.append(
            Hit(
                uid=hit["uid"],
                kind=hit["kind"],
                title=hit["title"],
                organisations=list(display.get("organisations", [])),
                authors=list(display.get("authors", [])),
                year=hit.get("year"),
                url=display.get("url", ""),
                # When sorted by a field, Whoosh puts the sort key in .score.
                score=float(hit.score or 0.0) if scored else 0.0,
                snippet=_snippet(hit),
            )
        )
    return hits


def _snippet(hit) -> str:  # type: ignore[no-untyped-def]
    for fieldname in ("body", "summary"):
        # Highlighting re-analyses the text: the start of a long report is enough
        # for a two-line snippet, and the rest would cost milliseconds per hit.
        source = (hit.get(fieldname) or "")[:SNIPPET_SOURCE_CHARS]
        if not source:
            continue
        try:
            text = hit.highlights(fieldname, text=source, top=2)
        except Exception:  # highlighting is a nicety; a failure must not lose the hit
            text = ""
        if text:
            return text
    summary = hit.get("summary") or hit.get("body") or ""
    if len(summary) > SNIPPET_CHARS:
        summary = summary[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(summary)


def correct_words(searcher: Searcher, text: str) -> str | None:
    """Replace words the catalogue does not contain by its nearest, most common word."""
    reader = searcher.reader()
    analyzer = word_analyzer()
    changed = False
    corrected = text
    for word in dict.fromkeys(re.findall(r"[^\W\d_]{3,}", text)):
        if word in OPERATORS:
            continue
        terms = [token.text for token in analyzer(word)]
        if len(terms) != 1 or reader.doc_frequency("spell", terms[0]) > 0:
            continue
        maxdist = 2 if len(terms[0]) >= 6 else 1
        candidates = list(reader.terms_within("spell", terms[0], maxdist, prefix=1))
        if not candidates:
            continue
        best = max(candidates, key=lambda c: (reader.doc_frequency("spell", c), c))
        corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", best, corrected, count=1)
        changed = True
    return corrected if changed else None


def _apply_correction(raw: str, text: str, fixed: str) -> str:
    """The user's whole query with the free-text part corrected (filters kept)."""
    if text and text in raw:
        return raw.replace(text, fixed, 1)
    return fixed


def suggest_words(searcher: Searcher, prefix: str, limit: int) -> list[str]:
    terms = [token.text for token in word_analyzer()(prefix)]
    if not terms:
        return []
    reader = searcher.reader()
    stem = terms[-1]
    candidates = (term.decode("utf-8") for term in reader.expand_prefix("spell", stem))
    ranked = sorted(candidates, key=lambda t: (-reader.doc_frequency("spell", t), t))
    return ranked[:limit]
