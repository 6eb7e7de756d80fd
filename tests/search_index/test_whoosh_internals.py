"""The one module that touches Whoosh's internals: checked at open, nothing patched globally."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import whoosh
from whoosh.codec import whoosh3

from search_index import SearchIndex, WhooshMismatchError, whoosh_internals


@pytest.fixture
def fresh_check() -> Iterator[None]:
    whoosh_internals._problem.cache_clear()
    yield
    whoosh_internals._problem.cache_clear()


def test_the_installed_whoosh_passes_the_check() -> None:
    whoosh_internals.check()


def test_another_whoosh_version_is_refused_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_check: object
) -> None:
    monkeypatch.setattr(whoosh, "__version__", (2, 8, 0))
    with pytest.raises(WhooshMismatchError) as caught:
        SearchIndex.open(tmp_path / "index")
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".") and "2.7" in message


def test_a_missing_internal_is_named(monkeypatch: pytest.MonkeyPatch, fresh_check: object) -> None:
    monkeypatch.delattr(whoosh3.W3LeafMatcher, "_read_ids")
    with pytest.raises(WhooshMismatchError, match=r"W3LeafMatcher\._read_ids"):
        whoosh_internals.check()


def test_opening_and_searching_our_index_leaves_whoosh_as_shipped(tmp_path: Path) -> None:
    from tests.search_index.test_index import DOCS

    with SearchIndex.open(tmp_path / "index") as index:
        index.rebuild(DOCS)
        assert index.search("behaviour").total
    for name in ("_cached_reader", "doc_field_length"):
        assert getattr(whoosh3.W3PerDocReader, name).__module__ == "whoosh.codec.whoosh3"


def test_the_check_uses_a_folder_of_its_own(tmp_path, monkeypatch) -> None:
    """A stray "MAIN.tmp" in the temporary folder (or another program checking at the
    same moment) broke every start: the check wrote its scratch files there."""
    (tmp_path / "MAIN.tmp").write_text("not a folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    whoosh_internals._problem.cache_clear()
    try:
        whoosh_internals.check()
    finally:
        whoosh_internals._problem.cache_clear()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["MAIN.tmp"]  # nothing left behind
