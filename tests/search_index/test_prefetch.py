"""Opening an index asks the OS to read its files ahead, term tables first."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from search_index import SearchIndex
from search_index import index as index_module
from search_index.prefetch import prefetch as real_prefetch
from tests.search_index.test_index import DOCS

pytestmark = pytest.mark.skipif(
    not hasattr(os, "posix_fadvise") or not Path("/proc/self/fd").exists(),
    reason="read-ahead is asked for only where posix_fadvise exists",
)


def test_opening_an_index_reads_its_files_ahead_term_tables_before_postings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SearchIndex.open(tmp_path / "index") as built:
        built.rebuild(DOCS)
    advised: list[tuple[str, int]] = []
    threads: list[threading.Thread | None] = []

    def record(descriptor: int, offset: int, length: int, advice: int) -> None:
        advised.append((os.readlink(f"/proc/self/fd/{descriptor}"), advice))

    def prefetch(index_dir: Path) -> threading.Thread | None:
        threads.append(real_prefetch(index_dir))
        return threads[-1]

    monkeypatch.setattr(os, "posix_fadvise", record)
    monkeypatch.setattr(index_module, "prefetch", prefetch)
    with SearchIndex.open(tmp_path / "index") as index:
        assert index.search("behaviour").total  # searching does not wait for it
        for thread in threads:
            assert thread is not None
            thread.join(30)
    names = [Path(path).name for path, advice in advised if advice == os.POSIX_FADV_WILLNEED]
    on_disk = {path.name for path in (tmp_path / "index").iterdir() if path.is_file()}
    assert {name for name in on_disk if name.endswith((".pst", ".trm"))} <= set(names)
    last_terms = max(i for i, name in enumerate(names) if name.endswith(".trm"))
    first_postings = min(i for i, name in enumerate(names) if name.endswith(".pst"))
    assert last_terms < first_postings
