"""Running a query against an index view: ranking, fallbacks, facets, snippets."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
from whoosh.fields import Schema

from search_index.analysis import word_analyzer
from search_index.evaluate import Evaluator, Matched
from search_index.index_view import IndexView
from search_index.moments import Moment, find_moments
from search_index.query import (
    PLACEHOLDER,
    ParsedQuery,
    filter_query,
    has_terms,
    placed_queries,
    plain_words,
    split_filters,
    text_query,
    without_lone_letter,
)
from search_index.results import Hit, SearchResults
from search_index.schema import FACET_FIELDS
from search_index.snippets import highlight, plain_start

OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
# Larger than any date's key (dates are YYYYMMDD numbers, under 10^8).
OUT_OF_DATE_LAST = 1e9


def run_search(
    view: IndexView,
    schema: Schema,
    raw: str,
    *,
    limit: int,
    offset: int,
    filters: Mapping[str, Sequence[str]] | None,
    sort: str,
    as_you_type: bool,
    snippets: bool = True,
) -> SearchResults:
    parsed = split_filters(raw, filters)
    if as_you_type:
        parsed.text = without_lone_letter(parsed.text)
    evaluator = Evaluator(view, as_you_type=as_you_type)
    known_kinds = view.keyword("kind")[0]
    restrict = evaluator.run(filter_query(parsed.filters, known_kinds))
    placed = placed_queries(parsed, known_kinds)
    has_text = bool(plain_words(parsed.text)) or bool(placed)
    corrected: str | None = None
    labels: list[str] = []
    some_words, unmatched = False, []

    def attempt(text: str, *, all_words: bool = True) -> Matched:
        nonlocal labels
        text_q, labels = text_query(
            schema, text, all_words=all_words, as_you_type=as_you_type, filters=placed
        )
        found = evaluator.run(text_q)
        found.mask &= restrict.mask
        found.scores *= found.mask
        return found

    matched = attempt(parsed.text) if has_text else restrict
    if has_text and not matched.mask.any():
        fixed = correct_words(view, parsed.text)
        if fixed is not None:
            retry = attempt(fixed)
            if retry.mask.any():
                matched, corrected = retry, _apply_correction(raw, parsed, fixed)
        if not matched.mask.any() and _is_plain_words(parsed.text):
            matched = attempt(fixed or parsed.text, all_words=False)
            if matched.mask.any():
                some_words = True
                unmatched = _unmatched_words(evaluator, schema, fixed or parsed.text, restrict)
                if fixed is not None:
                    corrected = _apply_correction(raw, parsed, fixed)
    scored = _has_words(parsed.text) and sort == "relevance"
    order = _ranked(view, matched, sort, scored, offset + limit)[offset:]
    statuses = _statuses(view, order)
    return SearchResults(
        query=raw,
        total=int(np.count_nonzero(matched.mask)),
        corrected=corrected,
        expansions=labels,
        hits=[
            _hit(
                view,
                evaluator if snippets else None,
                int(docnum),
                matched,
                scored,
                statuses.get(int(docnum), "current"),
            )
            for docnum in order
        ],
        facets=_facet_counts(view, matched.mask),
        filters={k: list(v) for k, v in parsed.filters.items()},
        some_words=some_words,
        unmatched=unmatched,
    )


def _unmatched_words(
    evaluator: Evaluator, schema: Schema, text: str, restrict: Matched
) -> list[str]:
    """The words that find nothing on their own, so the person is told they were left out.

    Only asked once all the words together found nothing: a word at a time is cheap then."""
    missing = []
    for word in dict.fromkeys(re.findall(r"\w+", text)):
        query, _ = text_query(schema, word)
        if not has_terms(query):
            continue  # a stop word: never searched, so never "not found"
        found = evaluator.run(query)
        if not (found.mask & restrict.mask).any():
            missing.append(word)
    return missing


def _ranked(view: IndexView, matched: Matched, sort: str, scored: bool, count: int) -> np.ndarray:
    """The first ``count`` matching documents in the order asked for."""
    docs = np.flatnonzero(matched.mask)
    if scored:
        key = -(matched.scores[docs] * view.rank_boost[docs])
    elif sort == "title":
        key = view.title_order()[docs].astype(np.float64)
    else:  # newest first (also relevance without words to rank by)
        key = -view.numeric("published")[docs].astype(np.float64)
        if sort == "relevance":
            # Nothing to rank by but the date: what is out of date goes after the rest,
            # the further out of date the later.
            key += (1.0 - view.status_boost[docs]) * OUT_OF_DATE_LAST
    if len(docs) > count > 0:
        threshold = np.partition(key, count - 1)[count - 1]
        keep = np.flatnonzero(key <= threshold)
        docs, key = docs[keep], key[keep]
    # A stable sort keeps equal keys in document order: the same query always
    # lists the same page.
    return docs[np.argsort(key, kind="stable")][:count]


def _statuses(view: IndexView, docnums: np.ndarray) -> dict[int, str]:
    """The currency status of each of ``docnums``, read from the status field's terms
    (it is not among the stored fields)."""
    values, docs, codes = view.keyword("status")
    found = np.flatnonzero(np.isin(docs, docnums))
    return {int(docs[i]): values[int(codes[i])] for i in found}


def _hit(
    view: IndexView,
    evaluator: Evaluator | None,
    docnum: int,
    matched: Matched,
    scored: bool,
    status: str = "current",
) -> Hit:
    stored = view.stored_fields(docnum)
    display = stored.get("display") or {}
    return Hit(
        uid=stored["uid"],
        kind=display.get("kind", ""),
        title=display.get("title", ""),
        organisations=list(display.get("organisations", [])),
        authors=list(display.get("authors", [])),
        year=display.get("year"),
        url=display.get("url", ""),
        score=float(matched.scores[docnum] * view.rank_boost[docnum]) if scored else 0.0,
        snippet=_snippet(display, evaluator) if evaluator is not None else "",
        moments=_moments(stored.get("moments"), evaluator),
        status=status,
    )


def _moments(stored: bytes | None, evaluator: Evaluator | None) -> list[Moment]:
    if evaluator is None or stored is None:
        return []
    return find_moments(
        stored,
        evaluator.highlight_terms,
        evaluator.highlight_prefixes,
        evaluator.highlight_phrases,
    )


def _snippet(display: Mapping[str, str], evaluator: Evaluator) -> str:
    for fieldname in ("body", "summary"):
        text = highlight(
            display.get(fieldname) or "", evaluator.highlight_terms, evaluator.highlight_prefixes
        )
        if text:
            return text
    return plain_start(display.get("summary") or display.get("body") or "")


def _is_plain_words(text: str) -> bool:
    words = text.split()
    return (
        len(words) > 1
        and not PLACEHOLDER.search(text)  # a filter among the words is no plain word
        and not any(w in OPERATORS or w.startswith(("-", "+")) or '"' in w for w in words)
    )


def _has_words(text: str) -> bool:
    """Whether there is anything to rank by (``NOT type:blog`` has not)."""
    return any(word not in OPERATORS for word in re.findall(r"\w+", text))


def _facet_counts(view: IndexView, mask: np.ndarray) -> dict[str, dict[str, int]]:
    by_field = view.facet_counts(mask)
    counts: dict[str, dict[str, int]] = {}
    for name, fieldname in FACET_FIELDS.items():
        values = by_field.get(fieldname, {})
        ordered = sorted(
            ((value, count) for value, count in values.items() if value),
            key=lambda pair: (-pair[1], pair[0]),
        )
        counts[name] = dict(ordered)
    return counts


def correct_words(view: IndexView, text: str) -> str | None:
    """Replace words the catalogue does not contain by its nearest, most common word."""
    analyzer = word_analyzer()
    changed = False
    corrected = text
    for word in dict.fromkeys(re.findall(r"[^\W\d_]{3,}", text)):
        if word in OPERATORS:
            continue
        terms = [token.text for token in analyzer(word)]
        if len(terms) != 1 or view.doc_frequency("spell", terms[0]) > 0:
            continue
        maxdist = 2 if len(terms[0]) >= 6 else 1
        candidates = view.words_within("spell", terms[0], maxdist)
        if not candidates:
            continue
        best = max(candidates, key=lambda word: (candidates[word], word))
        corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", best, corrected, count=1)
        changed = True
    return corrected if changed else None


def _apply_correction(raw: str, parsed: ParsedQuery, fixed: str) -> str:
    """The user's whole query with the free-text part corrected (filters kept)."""
    text, fixed = parsed.restore(parsed.text), parsed.restore(fixed)
    if text and text in raw:
        return raw.replace(text, fixed, 1)
    return fixed


def suggest_words(view: IndexView, prefix: str, limit: int) -> list[str]:
    terms = [token.text for token in word_analyzer()(prefix)]
    if not terms:
        return []
    candidates = view.words_with_prefix("spell", terms[-1])
    ranked = sorted(candidates, key=lambda pair: (-pair[1], pair[0]))
    return [word for word, _ in ranked[:limit]]
