"""The fast paths: segments built in parallel, numpy matching, phrases, snippets, patches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

from resources_db.documents import ResourceDocument
from search_index import SearchIndex
from search_index.building import (
    MIN_CHUNK_DOCUMENTS,
    chunk_size,
    max_chunk_documents,
    worker_buffer_mb,
)
from search_index.snippets import highlight

WORDS = ["sleep", "feeding", "crying", "attachment", "fathers", "trauma", "play", "reading"]


def corpus(count: int) -> list[ResourceDocument]:
    return [
        ResourceDocument(
            uid=f"c/{n}",
            kind=("report", "blog post", "podcast episode")[n % 3],
            title=f"{WORDS[n % len(WORDS)].title()} guide number {n}",
            summary=f"About {WORDS[(n * 3) % len(WORDS)]} and {WORDS[(n * 5) % len(WORDS)]}.",
            body=" ".join(WORDS[(n + i) % len(WORDS)] for i in range(40)),
            organisations=(f"Org {n % 4}",),
            topics=(WORDS[n % len(WORDS)],),
            published=date(2000 + n % 20, 1 + n % 12, 1),
            withdrawn=n % 50 == 49,
        )
        for n in range(count)
    ]


def results(index: SearchIndex, query: str) -> tuple[int, list[str], dict]:
    found = index.search(query, limit=15)
    return found.total, [hit.uid for hit in found.hits], found.facets


QUERIES = [
    "sleep",
    "sleep feeding",
    '"sleep feeding"',
    "fathers -trauma",
    "sleep OR play",
    "guide number 7",
    "type:podcast crying",
    "org:Org 2 year:2005..2010",
    "atachment",
    "",
]


def test_a_parallel_build_answers_exactly_as_a_serial_one(tmp_path: Path) -> None:
    documents = corpus(600)
    with (
        SearchIndex.open(tmp_path / "serial") as serial,
        SearchIndex.open(tmp_path / "parallel") as parallel,
    ):
        assert serial.rebuild(documents, procs=1) == 600
        assert parallel.rebuild(documents, procs=2, expected=600) == 600
        assert len(parallel.view().leaves) >= 2  # really in several segments
        for query in QUERIES:
            assert results(parallel, query) == results(serial, query), query


def test_withdrawn_and_deleted_documents_never_match(tmp_path: Path) -> None:
    documents = corpus(100)
    with SearchIndex.open(tmp_path / "i") as index:
        index.rebuild(documents)
        everything = index.search("", limit=200)
        assert everything.total == 98  # c/49 and c/99 are withdrawn
        index.apply(deletes=["c/0", "c/1"])
        assert index.search("", limit=200).total == 96
        assert "c/0" not in [hit.uid for hit in index.search("sleep", limit=200).hits]


def test_a_phrase_never_runs_from_one_section_into_the_next(tmp_path: Path) -> None:
    doc = ResourceDocument(
        uid="p", kind="report", title="Guide to sleep", summary="Feeding matters", body="x"
    )
    with SearchIndex.open(tmp_path / "i") as index:
        index.apply([doc])
        assert index.search('"sleep feeding"').total == 0
        assert index.search('"guide to sleep"').total == 1  # stop words in a phrase


def test_title_words_rank_above_body_words(tmp_path: Path) -> None:
    in_title = ResourceDocument(uid="t", kind="report", title="Fathers", body="about families")
    in_body = ResourceDocument(
        uid="b", kind="report", title="Families", body="fathers fathers and families"
    )
    with SearchIndex.open(tmp_path / "i") as index:
        index.apply([in_body, in_title])
        assert [hit.uid for hit in index.search("fathers").hits] == ["t", "b"]


def test_sorting_by_title_and_by_date(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path / "i") as index:
        index.rebuild(corpus(30))
        by_title = [hit.title for hit in index.search("guide", sort="title", limit=30).hits]
        assert by_title == sorted(by_title, key=str.casefold)
        newest = index.search("guide", sort="date", limit=30).hits
        assert newest[0].year == max(hit.year for hit in newest)


def test_chunks_keep_every_worker_busy() -> None:
    assert chunk_size(10_000, 2) == 2500
    assert chunk_size(100_000, 2) == max_chunk_documents(2) == 8192
    assert chunk_size(600, 2) == MIN_CHUNK_DOCUMENTS
    assert chunk_size(600, 1) == max_chunk_documents(1)
    # More workers, smaller chunks: a rebuild needs about the same memory on any machine.
    assert worker_buffer_mb(4) * 4 == worker_buffer_mb(2) * 2
    assert max_chunk_documents(4) < max_chunk_documents(2)


def test_snippets_highlight_every_form_of_a_word() -> None:
    text = "Babies sleep. A baby's sleeping pattern and the behavior of infants."
    snippet = highlight(text, {"babi", "sleep", "behaviour"})
    assert "<b>Babies</b>" in snippet and "<b>baby&#x27;s</b>" in snippet
    assert "<b>sleeping</b>" in snippet and "<b>behavior</b>" in snippet
    assert highlight(text, {"absent"}) == ""


def test_snippets_of_long_texts_show_the_passages_that_match() -> None:
    text = " ".join(["filler"] * 200) + " attachment theory " + " ".join(["filler"] * 200)
    snippet = highlight(text, {"attach"})
    assert "<b>attachment</b>" in snippet and len(snippet) < 260


def test_patched_lengths_agree_with_whoosh(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path / "i") as index:
        index.rebuild(corpus(40))
    ix = whoosh_index.open_dir(str(tmp_path / "i"))
    with ix.searcher() as searcher:
        reader, _ = searcher.reader().leaf_readers()[0]
        perdoc = reader._perdoc
        column = perdoc.column_reader(whoosh3._lenfield("text"), whoosh3.LENGTHS_COLUMN)
        for docnum in range(reader.doc_count_all()):
            assert perdoc.doc_field_length(docnum, "text") == byte_to_length(column[docnum])
        assert perdoc.doc_field_length(0, "uid") == 0  # a field without lengths
    ix.close()


@pytest.mark.parametrize("query", ["zzz*", "sle*", "s*", "fe?ding", "[a TO c]"])
def test_prefixes_wildcards_and_ranges_never_fail(tmp_path: Path, query: str) -> None:
    with SearchIndex.open(tmp_path / "i") as index:
        index.rebuild(corpus(20))
        found = index.search(query)
    assert found.total >= 0
    if query in ("sle*", "s*"):
        assert found.total > 0 and "<b>" in found.hits[0].snippet


def test_edits_leave_big_segments_alone_and_merge_small_ones(tmp_path: Path) -> None:
    from search_index import building

    with SearchIndex.open(tmp_path / "i") as index:
        index.rebuild(corpus(2400), procs=2, expected=2400)
        big = len(index.view().leaves)
        for number in range(building.MAX_SMALL_SEGMENTS):
            index.apply([ResourceDocument(uid=f"e/{number}", kind="report", title="Edit")])
        assert len(index.view().leaves) == big + building.MAX_SMALL_SEGMENTS
        index.apply([ResourceDocument(uid="e/last", kind="report", title="Edit")])
        assert len(index.view().leaves) == big + 1  # the small ones became one
        assert index.search("edit", limit=50).total == building.MAX_SMALL_SEGMENTS + 1


def test_packed_blocks_read_back_through_whoosh_itself(tmp_path: Path) -> None:
    doc = ResourceDocument(uid="w", kind="report", title="Sleep well", body="sleep and more sleep")
    with SearchIndex.open(tmp_path / "i") as index:
        index.rebuild([doc, *corpus(300)])
    ix = whoosh_index.open_dir(str(tmp_path / "i"))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        matcher = reader.postings("text", "sleep")
        postings = dict(matcher.items_as("positions"))
        assert len(postings) == reader.doc_frequency("text", "sleep") > 200
        first = postings[0]  # "w" is document 0: title, then later in the body
        assert first[0] == 0 and len(first) == 3
        matcher = reader.postings("text", "sleep")
        assert matcher.id() == 0
        assert matcher.weight() == 5.0 + 2 * 1.0  # title boost once, body weight twice
    ix.close()
