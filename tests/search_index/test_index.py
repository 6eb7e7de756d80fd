"""The SearchIndex API on hand-made documents: syntax, fallbacks, upkeep, damage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources_db.documents import ResourceDocument
from search_index import IndexState, RebuildCancelled, SearchIndex

DOCS = [
    ResourceDocument(
        uid="d/behaviour",
        kind="report",
        title="Understanding baby behaviour",
        summary="Why babies cry and what their behaviour tells parents.",
        body="Crying is communication. A paediatric view of early behaviour.",
        organisations=("Parent-Infant Foundation",),
        topics=("crying",),
        audience=("parent",),
        published=date(2019, 3, 1),
    ),
    ResourceDocument(
        uid="d/programme",
        kind="training",
        title="Video interaction programme for health visitors",
        summary="A training programme on video feedback.",
        body="Health visitors learn video interaction guidance with families.",
        authors=("Ann Example",),
        organisations=("Institute of Health Visiting (iHV)",),
        topics=("video interaction guidance",),
        audience=("practitioner",),
        settings=("health visiting",),
        published=date(2021, 5, 1),
    ),
    ResourceDocument(
        uid="d/podcast",
        kind="podcast episode",
        title="Sleep and the first 1001 days",
        summary="An episode on infant sleep.",
        body="Sleep, settling and the first 1,001 days of life.",
        authors=("Karen Bateson",),
        formats=("audio",),
        published=date(2020, 6, 10),
    ),
    ResourceDocument(
        uid="d/withdrawn",
        kind="report",
        title="Old baby behaviour report",
        summary="Superseded.",
        withdrawn=True,
        published=date(2010, 1, 1),
    ),
]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    opened = SearchIndex.open(tmp_path / "index")
    opened.rebuild(DOCS)
    yield opened
    opened.close()


def uids(index: SearchIndex, query: str, **kwargs) -> list[str]:
    return [hit.uid for hit in index.search(query, **kwargs).hits]


def test_new_index_is_missing_then_ok_after_rebuild(tmp_path: Path) -> None:
    fresh = SearchIndex.open(tmp_path / "index")
    assert fresh.state is IndexState.MISSING and fresh.needs_rebuild
    assert fresh.rebuild(DOCS) == len(DOCS)
    assert not fresh.needs_rebuild
    fresh.close()
    reopened = SearchIndex.open(tmp_path / "index")
    assert reopened.state is IndexState.OK and reopened.doc_count() == len(DOCS)
    reopened.close()


def test_stemming_spelling_variants_and_accents(index) -> None:
    assert uids(index, "baby")[0] == "d/behaviour"
    assert uids(index, "behavior") == ["d/behaviour"]
    assert uids(index, "program") == ["d/programme"]
    assert uids(index, "pediatric") == ["d/behaviour"]
    assert uids(index, "BÉHAVIOUR") == ["d/behaviour"]


def test_thesaurus_acronyms_and_number_forms(index) -> None:
    results = index.search("VIG")
    assert [h.uid for h in results.hits] == ["d/programme"]
    assert "video interaction guidance" in results.expansions
    assert uids(index, "HV") == ["d/programme"]
    assert uids(index, "1001 days") == ["d/podcast"]
    assert uids(index, '"first 1,001 days"') == ["d/podcast"]


def test_boolean_operators_phrases_and_negation(index) -> None:
    assert set(uids(index, "sleep OR crying")) == {"d/podcast", "d/behaviour"}
    assert uids(index, "babies NOT crying") == ["d/podcast"]
    assert uids(index, "babies -crying") == ["d/podcast"]
    assert uids(index, '"video interaction"') == ["d/programme"]
    assert uids(index, '"interaction video"') == []


def test_prefix_and_as_you_type(index) -> None:
    assert uids(index, "behav*") == ["d/behaviour"]
    assert uids(index, "sett", as_you_type=True) == ["d/podcast"]
    assert uids(index, "sett") == []


def test_field_filters_and_aliases(index) -> None:
    assert uids(index, "type:podcast") == ["d/podcast"]
    assert uids(index, "kind:training") == ["d/programme"]
    assert uids(index, "org:ihv") == ["d/programme"]
    assert uids(index, 'org:"parent-infant foundation"') == ["d/behaviour"]
    assert uids(index, "author:bateson") == ["d/podcast"]
    assert uids(index, 'by:"Ann Example" video') == ["d/programme"]
    assert uids(index, "audience:parent") == ["d/behaviour"]
    assert uids(index, 'setting:"health visiting"') == ["d/programme"]
    assert uids(index, "format:audio") == ["d/podcast"]
    assert uids(index, "topic:crying") == ["d/behaviour"]
    assert uids(index, "year:2020") == ["d/podcast"]
    assert set(uids(index, "year:2019..2020")) == {"d/behaviour", "d/podcast"}
    assert uids(index, "year:2021..") == ["d/programme"]
    assert set(uids(index, "year:..2020")) == {"d/behaviour", "d/podcast"}
    assert uids(index, "", filters={"kind": ["report"]}) == ["d/behaviour"]
    assert uids(index, "type:nonsense") == []


def test_empty_query_lists_everything_newest_first_without_withdrawn(index) -> None:
    assert uids(index, "") == ["d/programme", "d/podcast", "d/behaviour"]
    assert "d/withdrawn" not in uids(index, "old report")


def test_out_of_date_resources_come_after_current_ones(tmp_path: Path) -> None:
    def episode(uid: str, status: str, day: int) -> ResourceDocument:
        return ResourceDocument(
            uid=uid,
            kind="podcast episode",
            title="Sleep and settling",
            summary="An episode on infant sleep.",
            status=status,
            published=date(2026, 11, day),
        )

    docs = [
        episode("e/retracted", "retracted", 30),
        episode("e/superseded", "superseded", 29),
        episode("e/current", "current", 2),
        episode("e/updated", "updated", 1),
    ]
    with SearchIndex.open(tmp_path / "i") as index:
        index.apply(docs)
        expected = ["e/current", "e/updated", "e/superseded", "e/retracted"]
        assert uids(index, "") == expected  # newest first, but the newest was retracted
        assert uids(index, "sleep settling") == expected  # equal words: current first
        assert index.search("sleep").hits[-1].status == "retracted"
        # Asked for by date, the date alone decides.
        assert uids(index, "", sort="date")[0] == "e/retracted"


def test_sorting(index) -> None:
    assert uids(index, "", sort="title") == ["d/podcast", "d/behaviour", "d/programme"]
    assert uids(index, "babies OR video OR sleep", sort="date")[0] == "d/programme"


def test_correction_reports_and_searches_the_corrected_query(index) -> None:
    results = index.search("behavour")
    assert results.corrected == "behaviour"
    assert [h.uid for h in results.hits] == ["d/behaviour"]
    assert index.search("type:podcast slep").corrected == "type:podcast sleep"
    assert index.search("sleep").corrected is None


def test_and_falls_back_to_or_ranking(index) -> None:
    assert uids(index, "sleep crying")[:2] != []


def test_a_fallback_to_any_word_says_so_and_names_the_words_found_nowhere(index) -> None:
    both = index.search("sleep crying")
    assert both.some_words and both.unmatched == []
    assert both.partial_match_note() == (
        "No resource has all of these words: showing those with any of them."
    )
    unknown = index.search("the sleep zzzqx")
    assert [h.uid for h in unknown.hits] == ["d/podcast"]
    assert unknown.unmatched == ["zzzqx"]  # "the" is a stop word, never searched
    assert unknown.partial_match_note() == (
        "Nothing in the library matches “zzzqx”: showing results for the other words."
    )
    every = index.search("sleep days")
    assert not every.some_words and every.partial_match_note() is None
    assert index.search("behavour").partial_match_note() is None  # corrected, all words


def test_facets_and_snippets(index) -> None:
    results = index.search("")
    assert results.facets["kind"] == {"report": 1, "training": 1, "podcast episode": 1}
    assert results.facets["year"] == {"2019": 1, "2020": 1, "2021": 1}
    assert results.facets["organisation"]["Institute of Health Visiting (iHV)"] == 1
    snippet = index.search("crying").hits[0].snippet
    assert "<b>Crying</b>" in snippet or "<b>cry</b>" in snippet


def test_snippets_escape_html(tmp_path: Path) -> None:
    doc = ResourceDocument(uid="h", kind="blog post", title="t", body="<script>x</script> sleep")
    with SearchIndex.open(tmp_path / "i") as index:
        index.apply([doc])
        snippet = index.search("sleep").hits[0].snippet
    assert "<script" not in snippet and "&lt;/script&gt;" in snippet


def test_apply_updates_and_deletes(index) -> None:
    changed = ResourceDocument(uid="d/podcast", kind="podcast episode", title="Feeding")
    index.apply(upserts=[changed], deletes=["d/behaviour"])
    assert uids(index, "feeding") == ["d/podcast"]
    assert uids(index, "sleep") == []
    assert uids(index, "crying") == []
    assert index.indexed_uids() == {"d/podcast", "d/programme", "d/withdrawn"}


def test_cancelled_rebuild_keeps_the_old_index(index) -> None:
    with pytest.raises(RebuildCancelled):
        index.rebuild(DOCS * 300, should_cancel=lambda: True)
    assert uids(index, "sleep") == ["d/podcast"]


@pytest.mark.parametrize("damage", ["garbage", "truncate", "delete", "stale"])
def test_damaged_index_is_detected_and_replaced(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "index"
    with SearchIndex.open(folder) as index:
        index.rebuild(DOCS)
    files = [p for p in folder.iterdir() if p.suffix in (".toc", ".seg", ".trm", ".pst")]
    for path in files:
        if damage == "garbage":
            path.write_bytes(b"\x00garbage" * 50)
        elif damage == "truncate":
            path.write_bytes(path.read_bytes()[:10])
        elif damage == "delete":
            path.unlink()
    if damage == "stale":
        (folder / "imh-index.json").write_text(json.dumps({"schema_version": -1}))
    with SearchIndex.open(folder) as reopened:
        assert reopened.needs_rebuild
        assert reopened.state in (IndexState.CORRUPT, IndexState.STALE, IndexState.MISSING)
        assert reopened.search("sleep").total == 0
        reopened.rebuild(DOCS)
        assert uids(reopened, "sleep") == ["d/podcast"]
        assert reopened.check() == []


@pytest.mark.parametrize("damage", ["garbage", "zeroes"])
def test_damaged_posting_lists_alone_are_detected(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "index"
    with SearchIndex.open(folder) as index:
        index.rebuild(DOCS)
    for path in folder.glob("*.pst"):
        size = path.stat().st_size
        filler = b"\x00" if damage == "zeroes" else b"\x7fjunk"
        path.write_bytes((filler * size)[:size])  # same size: only the content is wrong
    with SearchIndex.open(folder) as reopened:
        assert reopened.state is IndexState.CORRUPT
        reopened.rebuild(DOCS)
        assert uids(reopened, "sleep") == ["d/podcast"]


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory) -> Iterator[SearchIndex]:
    opened = SearchIndex.open(tmp_path_factory.mktemp("fuzz") / "index")
    opened.rebuild(DOCS)
    yield opened
    opened.close()


MALFORMED = [
    '"unbalanced',
    "((babies",
    "babies)",
    "AND",
    "OR OR",
    "babies AND",
    "NOT",
    "*",
    "year:abc",
    "year:",
    "foo:bar",
    ":",
    "type:",
    '"',
    "^2",
    "babies^^",
    "\x00\x07",
    "a" * 5000,
    "-",
    "+",
    "[a TO",
    "{",
    "~",
    "sleep~2",
    "'",
]


@pytest.mark.parametrize("raw", MALFORMED)
def test_malformed_queries_never_raise(shared_index, raw: str) -> None:
    results = shared_index.search(raw, as_you_type=True)
    assert results.total >= 0


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80), st.booleans())
def test_any_text_is_a_query(shared_index, raw: str, typing: bool) -> None:
    results = shared_index.search(raw, as_you_type=typing, limit=5)
    assert len(results.hits) <= 5


def test_suggest_completes_words(index) -> None:
    assert "behaviour" in index.suggest("beh")
    assert index.suggest("") == []


def test_a_damaged_index_is_stood_in_for_by_the_database(library) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from search_index.sync import LibraryIndex

    shutil.rmtree(library.paths.index_dir, ignore_errors=True)
    library.paths.index_dir.mkdir()
    (library.paths.index_dir / "_MAIN_1.toc").write_bytes(b"garbage")
    index = LibraryIndex(library)
    try:
        assert index.needs_rebuild
        results = index.search("pandemic")
        assert results.approximate
        assert results.hits[0].uid == "imhaw-2020/day-3-wednesday"
        index.rebuild()
        assert not index.search("pandemic").approximate
    finally:
        index.close()
