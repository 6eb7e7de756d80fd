"""First-time searches on an index: time, CPU, posting bytes and disk reads per query.

    uv run python -m benchmarks.first_search INDEX_DIR [--cold] [--delay S] [--no-prefetch] [--json]

Opens the index in a new process, runs the empty search the window starts
with, waits ``--delay`` seconds (someone about to type), then runs the 15
as-typed queries of ``benchmarks.gui`` once each through the API the window
uses, so every one reads its posting lists for the first time in the process.
``--cold`` first drops the OS file cache (``sync; echo 3 >
/proc/sys/vm/drop_caches``: Linux, as root), as after a restart. Reported per
query and as p50/p95: wall time, the searching thread's CPU time (less
sensitive to a busy machine), bytes of posting blocks read and bytes the
process read from disk (``/proc/self/io``; read-ahead included).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.gui import QUERIES

CHILD_FLAG = "--child"


def disk_read_bytes() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("read_bytes"):
            return int(line.split()[1])
    return 0


def run(index_dir: Path, delay: float, prefetch: bool) -> list[dict[str, Any]]:
    import whoosh.filedb.structfile as structfile

    from search_index import index as index_module

    if not prefetch:
        setattr(index_module, "prefetch", lambda _dir: None)  # noqa: B010 (a module's import)
    posting_bytes = [0]
    get = structfile.StructFile.get

    def counted(self: Any, position: int, length: int) -> Any:
        if str(getattr(self, "_name", "")).endswith(".pst"):
            posting_bytes[0] += length
        return get(self, position, length)

    structfile.StructFile.get = counted
    index = index_module.SearchIndex.open(index_dir)
    index.search("", limit=25, as_you_type=True)
    time.sleep(delay)
    rows = []
    for query in QUERIES:
        posted, read = posting_bytes[0], disk_read_bytes()
        started, cpu = time.perf_counter(), time.thread_time()
        index.search(query, limit=25, as_you_type=True)
        rows.append(
            {
                "query": query,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "cpu_ms": round((time.thread_time() - cpu) * 1000, 1),
                "posting_bytes": posting_bytes[0] - posted,
                "disk_bytes": disk_read_bytes() - read,
            }
        )
    index.close()
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for key in ("ms", "cpu_ms"):
        ordered = sorted(row[key] for row in rows)
        figures[f"{key}_p50"] = round(statistics.median(ordered), 1)
        figures[f"{key}_p95"] = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    for key in ("posting_bytes", "disk_bytes"):
        figures[f"{key}_total"] = sum(row[key] for row in rows)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--cold", action="store_true", help="drop the OS file cache first")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--no-prefetch", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(CHILD_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run(args.index_dir, args.delay, not args.no_prefetch)))
        return 0
    if args.cold:
        subprocess.run("sync; echo 3 > /proc/sys/vm/drop_caches", shell=True, check=True)
    child = [sys.executable, "-m", "benchmarks.first_search", str(args.index_dir), CHILD_FLAG]
    child += ["--delay", str(args.delay)] + (["--no-prefetch"] if args.no_prefetch else [])
    done = subprocess.run(child, capture_output=True, text=True, check=True)
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    figures = {"cold": args.cold, "prefetch": not args.no_prefetch, **summary(rows)}
    if args.json:
        print(json.dumps({**figures, "queries": rows}))
    else:
        for row in rows:
            print(row)
        print(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
