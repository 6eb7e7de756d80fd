"""The transcript catalogue of the search benchmark: hour-long episodes beside the resources.

    uv run python -m benchmarks.search --size 100000 --transcripts 2000 [--json]

``N`` of the catalogue's podcast episodes (the first by number) get a synthetic
WebVTT transcript of an hour: cues of 2-6 seconds at about 150 words a minute
(some 9,000 words), two or three speakers taking turns, text drawn from the
generator's Zipf vocabulary (``benchmarks.generate``) with conversational
phrases mixed in. The same seed gives the same bytes. Each file is read and
stored as ``imh-library import FILE --for UID`` does (``read_transcript``,
then ``save_transcript`` as a file the user brought), and the index is rebuilt,
so every transcript is a section of its episode's text and its moments are
stored with it (``search_index/moments.py``).

Measured: the index build without and with the transcripts, for ours and for
SQLite FTS5 in two layouts (resources as ``benchmarks.search`` builds them,
plus ``fts5_windows``: one row per ~30 s window of whole cues, a resource
ranked by its best row; ``fts5_episode``: the transcript a column of the
episode's own row, as ours is a section of its text, and the windows in a
second FTS5 table read only for the moments); index size on disk; and, in a
fresh process per engine, query p50/p95 over the 50 fixed queries and
``SPOKEN_QUERIES`` (ours with moments and snippets, FTS5 with the best three
windows of each episode on the page) and that process's resident and peak
memory.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks import search
from benchmarks.baselines import (
    Fts5EpisodeBaseline,
    Fts5TranscriptBaseline,
    open_fts5_episodes,
    open_fts5_transcripts,
)
from benchmarks.generate import _between as between
from benchmarks.generate import _sentences as sentences
from benchmarks.generate import tables
from benchmarks.queries import QUERIES, BenchQuery
from resources_db.documents import ResourceDocument
from resources_db.library import Library, open_library
from resources_db.models import Resource
from resources_db.transcripts import store
from resources_db.transcripts.reading import read_transcript
from search_index.sync import LibraryIndex

EPISODE_KIND = "podcast episode"
EPISODE_SECONDS = 3600.0
WORDS_PER_SECOND = 2.5  # 150 words a minute: 9,000 in an hour
CUE_SECONDS = (2.0, 6.0)
TURN_CUES = (1, 8)  # a speaker holds the floor for this many cues
SPOKEN_SHARE = 0.08  # of cues that carry one of SPOKEN_PHRASES
SAVE_BATCH = 50

# Said in conversation, never written in the generator's vocabulary: a spoken
# query that finds one of these can only have found it in a transcript.
SPOKEN_PHRASES: tuple[str, ...] = (
    "what we noticed was",
    "the quiet in the room afterwards",
    "in the first few weeks",
    "sitting with the family",
    "the mum said to me",
    "it takes a lot of courage",
    "that moment when the baby looks back",
    "we had to slow right down",
    "you could see the dad relax",
    "nobody had asked her before",
)

SPOKEN_QUERIES: tuple[BenchQuery, ...] = tuple(
    BenchQuery(text, "spoken", as_you_type)
    for text, as_you_type in (
        ('"what we noticed"', False),
        ('"quiet in the room"', False),
        ('"first few weeks" feeding', False),
        ('"sitting with the family"', False),
        ("mum said courage", False),
        ('"baby looks back"', False),
        ('"slow right down" nicu', False),
        ("dad relax", False),
        ('"serve and return" fathers', False),
        ("nobody had ask", True),
    )
)
TRANSCRIPT_QUERIES: tuple[BenchQuery, ...] = (*QUERIES, *SPOKEN_QUERIES)

Figures = dict[str, Any]


# --- the transcripts --------------------------------------------------------------------


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _speakers(rng: random.Random) -> list[str]:
    """A host and one or two guests, from the generator's invented author names."""
    return tables().authors.distinct(rng, 8)[: between(rng, 2, 3)]


def _cue_texts(rng: random.Random, words: int) -> Iterator[str]:
    """One speaker's turn as cue texts: sentences that run across cue boundaries."""
    turn = sentences(rng, words).split(" ")
    while turn:
        take = max(1, min(len(turn), round(between(rng, 20, 60) / 10 * WORDS_PER_SECOND)))
        cue, turn = turn[:take], turn[take:]
        if rng.random() < SPOKEN_SHARE:
            cue.insert(between(rng, 0, len(cue)), rng.choice(SPOKEN_PHRASES))
        yield " ".join(cue)


def episode_vtt(seed: int, number: int, seconds: float = EPISODE_SECONDS) -> bytes:
    """``seconds`` (an hour) of WebVTT with voice spans; the same seed and number,
    the same bytes."""
    rng = random.Random(seed * 1_000_003 + number)
    speakers = _speakers(rng)
    lines = ["WEBVTT", ""]
    clock, cue_id, speaker = 0.0, 0, 0
    while clock < seconds:
        turn_words = int(between(rng, *TURN_CUES) * 4 * WORDS_PER_SECOND)
        for text in _cue_texts(rng, max(3, turn_words)):
            duration = max(CUE_SECONDS[0], len(text.split()) / WORDS_PER_SECOND)
            cue_id += 1
            end = clock + min(duration, CUE_SECONDS[1] + 2)
            lines += [
                str(cue_id),
                f"{_timestamp(clock)} --> {_timestamp(end)}",
                f"<v {speakers[speaker]}>{text}",
                "",
            ]
            clock = end + between(rng, 0, 2) / 10
        speaker = (speaker + between(rng, 1, len(speakers) - 1)) % len(speakers)
    return "\n".join(lines).encode("utf-8")


def episode_uids(library: Library, count: int) -> list[str]:
    """The first ``count`` podcast episodes of the synthetic catalogue (the
    library's own starter resources stay as they are)."""
    with library.db.session() as session:
        uids = list(
            session.scalars(
                select(Resource.uid)
                .where(Resource.kind == EPISODE_KIND, Resource.uid.startswith("synthetic/"))
                .order_by(Resource.id)
                .limit(count)
            )
        )
    if len(uids) < count:
        raise SystemExit(
            f"The catalogue holds {len(uids)} podcast episodes, fewer than the "
            f"{count} asked for; use a larger --size."
        )
    return uids


def import_transcripts(
    library: Library, uids: Sequence[str], seed: int, seconds: float = EPISODE_SECONDS
) -> Figures:
    """Each episode's file read and stored as ``import FILE --for UID`` does."""
    generate_s = words = cues = size = 0.0
    started = time.perf_counter()
    for first in range(0, len(uids), SAVE_BATCH):
        batch = uids[first : first + SAVE_BATCH]
        with library.db.session() as session:
            for uid in batch:
                made = time.perf_counter()
                data = episode_vtt(seed, int(uid.rsplit("/", 1)[-1]), seconds)
                generate_s += time.perf_counter() - made
                name = f"{uid.replace('/', '-')}.vtt"
                transcript = read_transcript(data, name)
                store.save_transcript(
                    session, uid, transcript, data, source_kind="file", media_type="text/vtt"
                )
                cues += len(transcript.cues)
                words += sum(len(cue.text.split()) for cue in transcript.cues)
                size += len(data)
    elapsed = time.perf_counter() - started
    episodes = max(1, len(uids))
    return {
        "episodes": len(uids),
        "minutes_per_episode": round(seconds / 60, 1),
        "generate_transcripts_s": round(generate_s, 3),
        "import_transcripts_s": round(elapsed - generate_s, 3),
        "words_per_episode": round(words / episodes),
        "cues_per_episode": round(cues / episodes),
        "vtt_mb": round(size / 2**20, 1),
    }


# --- measuring --------------------------------------------------------------------------


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def build_engine(library: Library) -> Figures:
    index = LibraryIndex(library)
    try:
        started = time.perf_counter()
        indexed = index.rebuild()
        build_s = time.perf_counter() - started
    finally:
        index.close()
    return {
        "documents": indexed,
        "build_s": round(build_s, 3),
        "index_mb": round(folder_mb(library.paths.index_dir), 3),
    }


def without_spoken(documents: Sequence[ResourceDocument]) -> list[ResourceDocument]:
    return [replace(doc, spoken=None) if doc.spoken else doc for doc in documents]


# The two ways an FTS5 app could store transcripts: how to build one, how to open it.
FTS5_LAYOUTS: dict[str, tuple[Callable[[Path], Any], Callable[[Path], Any]]] = {
    "fts5_windows": (Fts5TranscriptBaseline, open_fts5_transcripts),
    "fts5_episode": (Fts5EpisodeBaseline, open_fts5_episodes),
}
PROBES = ("engine", *FTS5_LAYOUTS)


def build_fts5(layout: str, documents: Sequence[ResourceDocument], path: Path) -> Figures:
    baseline = FTS5_LAYOUTS[layout][0](path)
    try:
        build_s = baseline.build(documents)
    finally:
        baseline.close()
    return {"build_s": round(build_s, 3), "index_mb": round(path.stat().st_size / 2**20, 3)}


def probe(engine: str, target: Path, passes: int) -> Figures:
    """Run in a fresh process: open one engine, time the queries, report its memory."""
    command = [sys.executable, "-m", "benchmarks.transcripts", "--probe", engine, str(target)]
    done = subprocess.run(
        [*command, "--passes", str(passes)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"The {engine} probe failed: {done.stderr.strip()[-2000:]}")
    figures: Figures = json.loads(done.stdout)
    return figures


def memory_mb() -> Figures:
    """Resident and peak resident memory of this process (Linux; zeros elsewhere)."""
    found = {"VmRSS": 0.0, "VmHWM": 0.0}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in found:
                found[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return {"rss_mb": round(found["VmRSS"], 1), "peak_rss_mb": round(found["VmHWM"], 1)}


def _probe_engine(root: Path, passes: int) -> Figures:
    library = open_library(root)
    index = LibraryIndex(library)
    try:
        opened = memory_mb()

        def run(query: BenchQuery) -> tuple[int, int]:
            found = index.index.search(query.text, limit=search.PAGE, as_you_type=query.as_you_type)
            return found.total, sum(1 for hit in found.hits if hit.moments)

        samples, returned = search.timed_passes(
            [partial(run, q) for q in TRANSCRIPT_QUERIES], passes
        )
    finally:
        index.close()
        library.close()
    return _probe_figures(samples, returned, opened)


def _probe_fts5(layout: str, path: Path, passes: int) -> Figures:
    baseline = FTS5_LAYOUTS[layout][1](path)
    try:
        opened = memory_mb()

        def run(query: BenchQuery) -> tuple[int, int]:
            page = baseline.search_with_moments(query)
            return len(page), sum(1 for moments in page.values() if moments)

        samples, returned = search.timed_passes(
            [partial(run, q) for q in TRANSCRIPT_QUERIES], passes
        )
    finally:
        baseline.close()
    return _probe_figures(samples, returned, opened)


def _probe_figures(
    samples: Sequence[float], returned: Sequence[tuple[int, int]], opened: Figures
) -> Figures:
    spoken = returned[len(QUERIES) :]
    memory = memory_mb()
    return {
        **search.latency(samples),
        "spoken_p95_ms": round(
            search.percentile(
                [s for n, s in enumerate(samples) if n % len(returned) >= len(QUERIES)], 0.95
            ),
            3,
        ),
        "queries_with_hits": sum(1 for total, _ in returned if total),
        "spoken_with_moments": sum(1 for _, moments in spoken if moments),
        "rss_opened_mb": opened["rss_mb"],
        **memory,
    }


def run(
    size: int,
    episodes: int,
    seed: int,
    passes: int = search.TIMED_PASSES,
    minutes: float = EPISODE_SECONDS / 60,
) -> Figures:
    with search.temporary_library(size, seed) as (library, setup):
        engine_without = build_engine(library)
        transcripts = import_transcripts(
            library, episode_uids(library, episodes), seed, minutes * 60
        )
        engine = build_engine(library)
        engine |= probe("engine", library.paths.root, passes)
        baselines = measure_fts5(library, passes, setup)
    engine["build_without_transcripts_s"] = engine_without["build_s"]
    engine["index_without_transcripts_mb"] = engine_without["index_mb"]
    return {
        "size": size,
        "seed": seed,
        "queries": len(TRANSCRIPT_QUERIES),
        "spoken_queries": len(SPOKEN_QUERIES),
        "timed_passes": passes,
        "transcripts": transcripts,
        "engine": engine,
        **baselines,
        "ratios": {
            f"{figure}_ours_over_{layout}": search.ratio(engine[key], baselines[layout][key])
            for layout in FTS5_LAYOUTS
            for figure, key in RATIOS.items()
        },
        "setup": setup,
        "machine": search.machine(),
    }


RATIOS = {
    "p95": "query_p95_ms",
    "p50": "query_p50_ms",
    "build": "build_s",
    "index_size": "index_mb",
}


def measure_fts5(library: Library, passes: int, setup: Figures) -> dict[str, Figures]:
    """Both FTS5 layouts over the library's documents, built without and with
    the transcripts, each then searched in a fresh process."""
    documents, load_s = search.load_documents(library)
    setup["load_documents_s"] = round(load_s, 3)
    folder = library.paths.root.parent
    found: dict[str, Figures] = {}
    for layout in FTS5_LAYOUTS:
        without = build_fts5(layout, without_spoken(documents), folder / f"{layout}-0.sqlite3")
        built = build_fts5(layout, documents, folder / f"{layout}.sqlite3")
        found[layout] = {
            **built,
            **probe(layout, folder / f"{layout}.sqlite3", passes),
            "build_without_transcripts_s": without["build_s"],
            "index_without_transcripts_mb": without["index_mb"],
        }
    return found


# --- output -----------------------------------------------------------------------------

ROWS = (
    "build_without_transcripts_s",
    "build_s",
    "index_without_transcripts_mb",
    "index_mb",
    "query_p50_ms",
    "query_p95_ms",
    "spoken_p95_ms",
    "queries_with_hits",
    "spoken_with_moments",
    "rss_opened_mb",
    "rss_mb",
    "peak_rss_mb",
)


def table(result: Figures) -> str:
    made = result["transcripts"]
    lines = [
        f"Transcript benchmark: {result['size']:,} resources (seed {result['seed']}), "
        f"{made['episodes']:,} episodes with transcripts "
        f"({made['words_per_episode']:,} words, {made['cues_per_episode']:,} cues each), "
        f"{result['queries']} queries ({result['spoken_queries']} spoken)",
        f"{'':<30}" + "".join(f"{name:>16}" for name in PROBES),
    ]
    for row in ROWS:
        cells = "".join(f"{search.cell(result[name].get(row)):>16}" for name in PROBES)
        lines.append(f"{row:<30}{cells}")
    lines.append("")
    for group in ("ratios", "transcripts", "setup"):
        lines.extend(f"{name:<34}{search.cell(value)}" for name, value in result[group].items())
    lines.append("")
    lines.append(" ".join(f"{key}={value}" for key, value in result["machine"].items()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The probe run in a fresh process by ``probe`` (the benchmark is run from
    ``benchmarks.search --transcripts N``)."""
    parser = argparse.ArgumentParser(description="One engine's side of the transcript benchmark.")
    parser.add_argument("--probe", choices=PROBES, required=True)
    parser.add_argument("target", type=Path, help="the library folder, or the FTS5 file")
    parser.add_argument("--passes", type=int, default=search.TIMED_PASSES)
    args = parser.parse_args(argv)
    if args.probe == "engine":
        figures = _probe_engine(args.target, args.passes)
    else:
        figures = _probe_fts5(args.probe, args.target, args.passes)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
