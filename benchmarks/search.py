"""Search benchmark: our index against SQLite FTS5 and Whoosh with default settings.

    uv run python -m benchmarks.search --size 10000 [--json] [--seed 1]

One run generates one synthetic catalogue (``benchmarks.generate``), imports it
into a new library in a temporary folder exactly as the app does, and measures:

- ``engine`` (ours, through ``LibraryIndex`` / ``SearchIndex``): ``build_s`` for
  ``LibraryIndex.rebuild()`` (reading the database included); ``query_p50_ms`` and
  ``query_p95_ms`` over the 50 queries of ``benchmarks.queries`` (three timed passes
  after a warm-up pass); ``update_ms`` from editing one title in the database to the
  new word being searchable after ``catch_up()``; ``as_you_type_p50_ms`` for a word
  typed a letter at a time; ``import_batch_s`` from importing a pack of
  ``IMPORT_BATCH`` new resources (a trainer's feed) to all of them being searchable.
- ``fts5``: an FTS5 table in a temporary SQLite file, bm25 with our field weights.
- ``whoosh_default``: Whoosh with a plain stemmed schema and its default parser.

The baselines index the same documents, read once from the library's database
(``load_documents_s``, not part of their ``build_s``). Our figures include what
the app always does and the baselines do not: facet counts, total hit counts,
snippets and the spelling fallback.

``--transcripts N`` runs the transcript catalogue instead: N podcast episodes
with hour-long transcripts beside the resources, ours against FTS5 over
resources and transcript windows (``benchmarks.transcripts``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from benchmarks.baselines import Fts5Baseline, WhooshDefaultBaseline
from benchmarks.generate import write_pack
from benchmarks.queries import QUERIES, TYPING_SEQUENCE, BenchQuery
from resources_db import catalogue
from resources_db.documents import ResourceDocument
from resources_db.library import Library, open_library
from resources_db.models import Resource
from search_index.sync import LibraryIndex

TIMED_PASSES = 3
PAGE = 20
UPDATE_UID = "synthetic/1"
UPDATE_WORD = "quokkabenchmark"
UPDATE_ATTEMPTS = 50
IMPORT_BATCH = 1000

Figures = dict[str, Any]


class Baseline(Protocol):
    name: str

    def build(self, documents: Sequence[ResourceDocument]) -> float: ...

    def search(self, query: BenchQuery) -> list[str]: ...

    def close(self) -> None: ...


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (``fraction`` in 0..1)."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def timed_passes(
    actions: Sequence[Callable[[], Any]], passes: int
) -> tuple[list[float], list[Any]]:
    """One untimed warm-up pass, then ``passes`` timed passes over every action.

    Returns the timings and what each action returned in the warm-up pass.
    """
    returned = [action() for action in actions]
    return [time_ms(action) for _ in range(passes) for action in actions], returned


def latency(samples: Sequence[float]) -> Figures:
    return {
        "query_p50_ms": round(percentile(samples, 0.50), 3),
        "query_p95_ms": round(percentile(samples, 0.95), 3),
    }


# --- our engine -------------------------------------------------------------------------


def engine_search(index: LibraryIndex, query: BenchQuery) -> int:
    return index.index.search(query.text, limit=PAGE, as_you_type=query.as_you_type).total


def measure_update(library: Library, index: LibraryIndex) -> float:
    """Milliseconds from a title edit in the database to its new word being searchable."""
    started = time.perf_counter()
    with library.db.session() as session:
        resource = session.scalars(select(Resource).where(Resource.uid == UPDATE_UID)).one()
        resource.title = f"{resource.title} {UPDATE_WORD}"
    for _ in range(UPDATE_ATTEMPTS):
        index.catch_up()
        if index.index.search(UPDATE_WORD, limit=PAGE).total:
            return (time.perf_counter() - started) * 1000
    raise RuntimeError(f"{UPDATE_WORD!r} never became searchable")


def measure_import(library: Library, seed: int) -> float:
    """Seconds from importing ``IMPORT_BATCH`` new resources to all being searchable."""
    with library.db.session() as session:
        size = catalogue.resource_count(session)
    pack = write_pack(
        IMPORT_BATCH, library.paths.root / "batch.imhpack", seed=seed + 1, first=size + 1
    )
    index = LibraryIndex(library)
    try:
        expected = index.index.search("", limit=1).total + IMPORT_BATCH
        started = time.perf_counter()
        library.import_pack(pack)
        index.catch_up()
        elapsed = time.perf_counter() - started
        found = index.index.search("", limit=1).total
    finally:
        index.close()
    if found != expected:
        raise RuntimeError(f"{found} resources searchable after the import, not {expected}")
    return elapsed


def measure_engine(library: Library, passes: int) -> Figures:
    index = LibraryIndex(library)
    try:
        started = time.perf_counter()
        indexed = index.rebuild()
        build_s = time.perf_counter() - started
        samples, totals = timed_passes([partial(engine_search, index, q) for q in QUERIES], passes)
        typing, _ = timed_passes(
            [partial(index.index.search, t, limit=PAGE, as_you_type=True) for t in TYPING_SEQUENCE],
            passes,
        )
        update_ms = measure_update(library, index)
    finally:
        index.close()
    return {
        "documents": indexed,
        "build_s": round(build_s, 3),
        **latency(samples),
        "update_ms": round(update_ms, 3),
        "as_you_type_p50_ms": round(percentile(typing, 0.50), 3),
        "queries_with_hits": sum(1 for total in totals if total > 0),
    }


# --- baselines --------------------------------------------------------------------------


def measure_baseline(
    baseline: Baseline, documents: Sequence[ResourceDocument], passes: int
) -> Figures:
    try:
        build_s = baseline.build(documents)
        samples, pages = timed_passes([partial(baseline.search, q) for q in QUERIES], passes)
    finally:
        baseline.close()
    hits = sum(1 for page in pages if page)
    return {"build_s": round(build_s, 3), **latency(samples), "queries_with_hits": hits}


# --- the run ----------------------------------------------------------------------------


@contextmanager
def temporary_library(size: int, seed: int) -> Iterator[tuple[Library, Figures]]:
    """A new library holding the synthetic catalogue; the folder goes afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="imh-bench-search-"))
    library: Library | None = None
    try:
        started = time.perf_counter()
        pack = write_pack(size, folder / "synthetic.imhpack", seed=seed)
        generated = time.perf_counter()
        library = open_library(folder / "library")
        opened = time.perf_counter()
        library.import_pack(pack)
        imported = time.perf_counter()
        setup = {
            "generate_s": round(generated - started, 3),
            "open_library_s": round(opened - generated, 3),
            "import_s": round(imported - opened, 3),
        }
        yield library, setup
    finally:
        if library is not None:
            library.close()
        shutil.rmtree(folder, ignore_errors=True)


def load_documents(library: Library) -> tuple[list[ResourceDocument], float]:
    started = time.perf_counter()
    with library.db.session() as session:
        documents = list(catalogue.iter_documents(session))
    return documents, time.perf_counter() - started


def ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 2) if theirs > 0 else None


def ratios(engine: Figures, fts5: Figures, whoosh: Figures) -> Figures:
    return {
        "p95_ours_over_fts5": ratio(engine["query_p95_ms"], fts5["query_p95_ms"]),
        "p95_ours_over_whoosh_default": ratio(engine["query_p95_ms"], whoosh["query_p95_ms"]),
        "build_ours_over_fts5": ratio(engine["build_s"], fts5["build_s"]),
        "build_ours_over_whoosh_default": ratio(engine["build_s"], whoosh["build_s"]),
    }


def machine() -> Figures:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def run(size: int, seed: int, passes: int = TIMED_PASSES) -> Figures:
    with temporary_library(size, seed) as (library, setup):
        engine = measure_engine(library, passes)
        documents, load_s = load_documents(library)
        setup["load_documents_s"] = round(load_s, 3)
        fts5 = measure_baseline(Fts5Baseline(), documents, passes)
        whoosh = measure_baseline(WhooshDefaultBaseline(), documents, passes)
        # Last: the baselines index the catalogue as it was before this batch.
        engine["import_batch_s"] = round(measure_import(library, seed), 3)
    return {
        "size": size,
        "seed": seed,
        "queries": len(QUERIES),
        "timed_passes": passes,
        "engine": engine,
        "fts5": fts5,
        "whoosh_default": whoosh,
        "ratios": ratios(engine, fts5, whoosh),
        "setup": setup,
        "machine": machine(),
    }


# --- output -----------------------------------------------------------------------------

ROWS = (
    "build_s",
    "query_p50_ms",
    "query_p95_ms",
    "update_ms",
    "as_you_type_p50_ms",
    "import_batch_s",
    "queries_with_hits",
)
ENGINES = ("engine", "fts5", "whoosh_default")


def cell(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:,.3f}" if isinstance(value, float) else str(value)


def table(result: Figures) -> str:
    lines = [
        f"Search benchmark: {result['size']:,} resources (seed {result['seed']}), "
        f"{result['queries']} queries, {result['engine']['documents']:,} documents indexed",
        f"{'':<22}" + "".join(f"{name:>16}" for name in ENGINES),
    ]
    for row in ROWS:
        cells = "".join(f"{cell(result[name].get(row)):>16}" for name in ENGINES)
        lines.append(f"{row:<22}{cells}")
    lines.append("")
    lines.extend(f"{name:<34}{cell(value)}" for name, value in result["ratios"].items())
    lines.extend(f"{name:<34}{cell(value)}" for name, value in result["setup"].items())
    lines.append("")
    lines.append(" ".join(f"{key}={value}" for key, value in result["machine"].items()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark search against FTS5 and Whoosh.")
    parser.add_argument("--size", type=int, required=True, help="number of resources")
    parser.add_argument("--seed", type=int, default=1, help="catalogue seed (default 1)")
    parser.add_argument(
        "--passes", type=int, default=TIMED_PASSES, help="timed passes per query (default 3)"
    )
    parser.add_argument(
        "--transcripts",
        type=int,
        default=0,
        metavar="N",
        help="instead: give N podcast episodes hour-long transcripts (benchmarks.transcripts)",
    )
    parser.add_argument(
        "--transcript-minutes",
        type=float,
        default=60.0,
        metavar="M",
        help="length of each transcript with --transcripts (default 60)",
    )
    parser.add_argument("--json", action="store_true", help="print one line of JSON")
    args = parser.parse_args(argv)
    if args.size < 1 or args.passes < 1 or args.transcripts < 0:
        parser.error("--size and --passes must be at least 1, --transcripts at least 0")
    if args.transcripts:
        # Imported here: that module builds on this one.
        from benchmarks import transcripts

        result = transcripts.run(
            args.size, args.transcripts, args.seed, args.passes, args.transcript_minutes
        )
        print(json.dumps(result) if args.json else transcripts.table(result))
        return 0
    result = run(args.size, args.seed, args.passes)
    print(json.dumps(result) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
