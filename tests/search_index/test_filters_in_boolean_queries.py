"""Field filters as operands of NOT, minus, OR and parentheses (SearchIndex API,
the hand-made documents of test_index): live ones are a report on crying
(2019), a training by the iHV (2021) and a podcast episode by Bateson (2020)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from search_index import SearchIndex
from tests.search_index.test_index import DOCS, uids

REPORT, TRAINING, PODCAST = "d/behaviour", "d/programme", "d/podcast"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    opened = SearchIndex.open(tmp_path_factory.mktemp("filters") / "index")
    opened.rebuild(DOCS)
    yield opened
    opened.close()


def found(index: SearchIndex, query: str, **kwargs: object) -> set[str]:
    return set(uids(index, query, **kwargs))


def test_not_and_minus_leave_out_what_the_filter_matches(index: SearchIndex) -> None:
    assert found(index, "babies") == {REPORT, PODCAST}
    assert found(index, "babies NOT type:report") == {PODCAST}
    assert found(index, "babies -type:report") == {PODCAST}
    assert found(index, 'babies NOT org:"parent-infant foundation"') == {PODCAST}
    assert found(index, "babies NOT author:bateson") == {REPORT}
    assert found(index, "babies -year:2019..2019") == {PODCAST}


def test_a_negated_filter_alone_finds_everything_else(index: SearchIndex) -> None:
    assert found(index, "NOT type:report") == {TRAINING, PODCAST}
    assert found(index, "-type:report") == {TRAINING, PODCAST}
    assert found(index, "NOT org:ihv") == {REPORT, PODCAST}
    # A filter that matches nothing leaves nothing out.
    assert found(index, "babies NOT type:nonsense") == {REPORT, PODCAST}
    # Nothing to rank by: newest first, as for a filter alone.
    assert uids(index, "NOT type:report") == [TRAINING, PODCAST]


def test_or_between_filters_and_words(index: SearchIndex) -> None:
    assert found(index, "type:report OR type:podcast") == {REPORT, PODCAST}
    assert found(index, "org:ihv OR author:bateson") == {TRAINING, PODCAST}
    assert found(index, "type:training OR sleep") == {TRAINING, PODCAST}
    assert found(index, "sleep OR type:training") == {TRAINING, PODCAST}
    assert uids(index, "sleep OR type:training")[0] == PODCAST  # the word ranks


def test_parentheses_group_filters(index: SearchIndex) -> None:
    assert found(index, "(type:training OR type:report) crying") == {REPORT}
    assert found(index, "babies NOT (type:report OR type:training)") == {PODCAST}


def test_a_filter_standing_alone_still_filters_the_whole_query(index: SearchIndex) -> None:
    results = index.search("type:report babies")
    assert [hit.uid for hit in results.hits] == [REPORT]
    assert results.filters == {"kind": ["report"]}
    assert found(index, "babies OR sleep type:podcast") == {PODCAST}
    # Only filters that apply to everything are reported as the query's filters.
    assert index.search("babies NOT type:report").filters == {}


def test_the_windows_filters_apply_on_top_of_the_query(index: SearchIndex) -> None:
    assert found(index, "babies NOT type:report", filters={"kind": ["podcast episode"]}) == {
        PODCAST
    }
    assert found(index, "NOT type:podcast", filters={"kind": ["report"]}) == {REPORT}
    assert found(index, "type:report OR type:training", filters={"year": ["2021"]}) == {TRAINING}


def test_a_reversed_year_range_means_the_same_years(index: SearchIndex) -> None:
    assert found(index, "year:2020..2019") == found(index, "year:2019..2020") == {REPORT, PODCAST}
    assert found(index, "year:2021..2019") == {REPORT, TRAINING, PODCAST}


def test_filters_in_boolean_queries_while_typing(index: SearchIndex) -> None:
    assert found(index, "type:report OR type:pod", as_you_type=True) == {REPORT, PODCAST}
    assert found(index, "babies NOT type:rep", as_you_type=True) == {PODCAST}
    assert found(index, "-type:report sle", as_you_type=True) == {PODCAST}


def test_a_corrected_query_keeps_the_filters_as_typed(index: SearchIndex) -> None:
    results = index.search("slep NOT type:report")
    assert [hit.uid for hit in results.hits] == [PODCAST]
    assert results.corrected == "sleep NOT type:report"
    assert index.search("babbies -type:report").corrected == "babies -type:report"


@pytest.mark.parametrize(
    "raw",
    [
        "NOT type:",
        "-type:",
        "type:report OR",
        "OR type:report",
        "(type:report",
        "type:report)",
        "-year:abc",
        "NOT year:abc babies",
        "type:report OR NOT",
        "- type:report",
        "--type:report",
        "NOT NOT type:report",
        '"NOT type:report"',
        "type:report ANDNOT babies",
        "babies ANDMAYBE type:report",
    ],
)
def test_odd_filter_queries_never_raise(index: SearchIndex, raw: str) -> None:
    for typing in (False, True):
        assert index.search(raw, as_you_type=typing).total >= 0
