"""Facet counts read only the pairs of the documents counted (or of the others)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_index import SearchIndex
from search_index.index_view import IndexView
from search_index.schema import KEYWORD_FACETS
from tests.search_index.test_fast_search import corpus


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IndexView]:
    folder: Path = tmp_path_factory.mktemp("facets") / "index"
    documents = corpus(400)
    with SearchIndex.open(folder) as index:
        index.rebuild(documents)
        # Edits add a segment of their own and delete from the first one.
        index.apply(upserts=documents[:30:3], deletes=[documents[1].uid, documents[7].uid])
        yield index.view()


def counted_one_pair_at_a_time(view: IndexView, mask: np.ndarray) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for fieldname in KEYWORD_FACETS:
        values, docs, codes = view.keyword(fieldname)
        tally: dict[str, int] = {}
        for doc, code in zip(docs.tolist(), codes.tolist(), strict=True):
            if mask[doc]:
                tally[values[code]] = tally.get(values[code], 0) + 1
        counts[fieldname] = dict(sorted(tally.items(), key=lambda item: values.index(item[0])))
    return counts


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_facet_counts_match_counting_every_pair(view: IndexView, data: st.DataObject) -> None:
    share = data.draw(st.sampled_from([0.0, 0.01, 0.3, 0.5, 0.51, 0.9, 1.0]))
    seed = data.draw(st.integers(0, 2**16))
    mask = np.random.default_rng(seed).random(view.size) < share
    found = view.facet_counts(mask)
    expected = counted_one_pair_at_a_time(view, mask)
    for fieldname in KEYWORD_FACETS:
        assert found[fieldname] == expected[fieldname], fieldname
        assert list(found[fieldname]) == list(expected[fieldname])  # in the same order
