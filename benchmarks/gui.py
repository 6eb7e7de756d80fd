"""GUI figures: window start, resident memory, keystroke to painted results, stalls.

    uv run python -m benchmarks.gui --size 100000 [--json]

Builds (once, cached under the temp folder) a library holding the synthetic
catalogue, then opens the real window offscreen and measures:
- ``launch_s``: from starting ``imh-library gui`` in a new process (interpreter,
  imports, library, window) to its first results painted, what a user waits,
  as every start after the first goes: the window's first page was kept at the
  last close (``desktop_app/first_page.py``) and is painted before the library's
  modules load; best of three (by then the program's and the library's files
  are in the OS file cache); ``launch_first_s`` is the first of the three;
- ``launch_searchable_s``: the same starts until the library is open and the
  opening search's own results are shown, so a typed query is answered;
- ``launch_without_page_s`` and ``launch_without_page_searchable_s``: the same
  two with no kept page (the first start, or the first after another program
  changed the library), best of three;
- ``bare_launch_s``: the same clock for a bare PySide6 window (a new process that
  imports PySide6 and shows a QMainWindow holding a list of 25 rows), best of
  three, run alternately with ours; ``launch_ratio`` is ``launch_s`` over it and
  ``searchable_ratio`` ``launch_searchable_s`` over it: what our program adds to
  what any Qt program costs on this machine;
- ``start_s``: within one process, from opening the library to a window showing results;
- ``rss_mb``: resident memory of the process after start;
- ``keystroke_ms``: p50/p95 from a key press in the search box to results painted
  (the as-you-type search, with the pause that waits for typing to stop set to 0);
- ``max_stall_ms``: the longest the event loop went without running while
  searches ran in the background (what "responsive" means to a user);
- ``keystroke_during_rebuild_ms``: p50/p95 of the same keystrokes while
  File ▸ Rebuild search index runs (``rebuild_outlasted_typing`` says whether
  it was still running when the last one was measured).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from desktop_app.ui.search_panel import SearchPanel

QUERIES = [
    "s",
    "sl",
    "sle",
    "slee",
    "sleep",
    "sleep s",
    "sleep se",
    "sleep set",
    "attach",
    "health visit",
    "camhs",
    "perinatal dep",
    "parent-infant",
    "nicu",
    "father",
]


def library_with(size: int, seed: int = 1) -> Path:
    from benchmarks.generate import write_pack
    from resources_db.library import open_library
    from search_index.sync import LibraryIndex

    root = Path(tempfile.gettempdir()) / f"imh-bench-library-{size}-{seed}"
    marker = root / ".ready"
    if marker.exists():
        return root
    pack = Path(tempfile.gettempdir()) / f"imh-bench-{size}-{seed}.imhpack"
    if not pack.exists():
        write_pack(size, pack, seed)
    library = open_library(root)
    try:
        library.import_pack(pack)
        index = LibraryIndex(library)
        index.rebuild()
        index.close()
    finally:
        library.close()
    marker.write_text("ok")
    return root


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not on Windows; the fallback is the peak

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wait_for_results(panel, text: str, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until ``text``'s results are shown: woken by the panel's
    own signal, so the figure carries no polling delay."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_ms / 1000
    loop = QEventLoop()
    panel.searchFinished.connect(loop.quit)
    panel.searchFailed.connect(loop.quit)
    try:
        while not panel.shows(text):
            if time.monotonic() > deadline:
                raise RuntimeError(f"no results for {text!r} within {timeout_ms} ms")
            QTimer.singleShot(100, loop.quit)  # look at the clock now and then
            loop.exec()
    finally:
        panel.searchFinished.disconnect(loop.quit)
        panel.searchFailed.disconnect(loop.quit)


def measure(root: Path) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import open_window
    from desktop_app.ui.self_test import wait_until

    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    window = open_window(root)
    window.show()
    panel = window.search_panel
    wait_until(lambda: window.index_label.text() == "Search index ready" and panel.idle, 120)
    wait_until(lambda: panel.model.rowCount() > 0, 120)
    app.processEvents()
    start_s = time.perf_counter() - started
    memory = rss_mb()

    stalls: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        stalls.append(now - last[0])
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    ticker.start()

    # The pause that waits for typing to stop is deliberate, not work: measure
    # from the key press as if it were over at once.
    panel._debounce.setInterval(0)
    latencies = keystrokes(panel)
    ticker.stop()
    # The same keystrokes while File > Rebuild runs: writes have their own
    # pool, so typing should not wait behind the rebuild.
    window.reindexer.start()
    wait_until(lambda: window.reindexer.running, 30)
    during = keystrokes(panel)
    rebuild_outlasted = window.reindexer.running
    wait_until(lambda: not window.reindexer.running, 3600)
    window.close()
    window.ops.close()
    return {
        "start_s": round(start_s, 3),
        "rss_mb": round(memory, 1),
        **percentiles("keystroke", latencies),
        "max_stall_ms": round(max(stalls) - 5, 1) if stalls else 0.0,
        **percentiles("keystroke_during_rebuild", during),
        "rebuild_outlasted_typing": rebuild_outlasted,
    }


def keystrokes(panel: SearchPanel) -> list[float]:
    """Milliseconds from the last key of each query to its results painted."""
    from PySide6.QtTest import QTest

    from desktop_app.ui.self_test import wait_until

    latencies = []
    for text in QUERIES:
        panel.search_box.clear()
        panel.search_now()
        wait_until(lambda: panel.idle, 30)
        panel.search_box.setFocus()
        panel.search_box.setText(text[:-1])
        settle(panel.window())
        t0 = time.perf_counter()
        QTest.keyClicks(panel.search_box, text[-1])
        wait_for_results(panel, text)
        panel.results_view.viewport().repaint()
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies


def settle(window) -> None:  # type: ignore[no-untyped-def]
    """Let the window finish what the previous result set left (its paint, the
    Filters' update) before the key is pressed: a person types after seeing the
    last results, so that work is not this keystroke's. Without this, 10–20 ms
    of the empty query's paint was counted in every keystroke (2 December)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    window.repaint()


def percentiles(name: str, samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        f"{name}_p50_ms": round(statistics.median(ordered), 1),
        f"{name}_p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
    }


LAUNCH_RUNS = 3
CHILD_FLAG = "--launched-from"
BARE_FLAG = "--bare-from"
BARE_ROWS = 25  # a page of results


def launch_times(root: Path) -> dict[str, float]:
    """Launches of the real ``gui`` command without and with a kept first page,
    and of a bare PySide6 window, taken in turns so that all meet the same load
    on the machine. Each start without a page keeps one when it closes, for the
    start with a page that follows it."""
    from resources_db.paths import LibraryPaths

    kept = LibraryPaths(root).first_page
    without, ours, bare = [], [], []
    for _ in range(LAUNCH_RUNS):
        kept.unlink(missing_ok=True)
        without.append(_timed_child(CHILD_FLAG, str(root)))
        bare.append(_timed_child(BARE_FLAG)[0])
        if not kept.exists():
            raise RuntimeError("the window kept no first page when it closed")
        ours.append(_timed_child(CHILD_FLAG, str(root)))
    best_bare = min(bare)
    return {
        "launch_first_s": round(ours[0][0], 3),
        "launch_s": round(min(t[0] for t in ours), 3),
        "launch_searchable_s": round(min(t[1] for t in ours), 3),
        "launch_without_page_s": round(min(t[0] for t in without), 3),
        "launch_without_page_searchable_s": round(min(t[1] for t in without), 3),
        "bare_launch_s": round(best_bare, 3),
        "launch_ratio": round(min(t[0] for t in ours) / best_bare, 2),
        "searchable_ratio": round(min(t[1] for t in ours) / best_bare, 2),
    }


def compile_bytecode() -> None:
    """Compile the program's own modules as an install does (uv compiles the
    dependencies; the frozen app ships bytecode): ``launch_s`` is a warm start,
    and an edited checkout under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise
    compile its changed modules from source at every launch."""
    import compileall

    for package in ("desktop_app", "resources_db", "search_index", "benchmarks"):
        folder = Path(__file__).resolve().parent.parent / package
        compileall.compile_dir(folder, quiet=1)


def _timed_child(flag: str, *args: str) -> list[float]:
    """Start this module in a new process; it prints the seconds from ``started``
    (this process's clock, read just before the start) to its first paint, and
    for our window then to its being searchable."""
    import subprocess

    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.gui", flag, str(started), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(figure) for figure in done.stdout.strip().splitlines()[-1].split()]


def bare_child(started: float) -> int:
    """A bare PySide6 window: a QMainWindow holding a list of a page of rows;
    print the seconds from ``started`` to the list painted, then quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    rows = QListWidget()
    rows.addItems([f"Result {n}" for n in range(1, BARE_ROWS + 1)])
    window.setCentralWidget(rows)
    window.resize(1280, 800)
    window.show()

    def look() -> None:
        if window.isVisible() and rows.count():
            rows.viewport().repaint()
            print(f"{time.time() - started:.3f} 0", flush=True)
            QApplication.quit()
            return
        QTimer.singleShot(5, look)

    QTimer.singleShot(0, look)
    return app.exec()


def launched_child(started: float, root: str) -> int:
    """Run ``imh-library gui`` as the command line does; print the seconds from
    ``started`` (the parent's clock) to the first results painted and to the
    window searchable, then quit."""
    from PySide6.QtCore import QTimer

    from desktop_app import cli
    from desktop_app.app import _application

    _application()
    QTimer.singleShot(0, start_watch(started))
    return cli.main(["gui", "--data-dir", root])


def start_watch(started: float) -> Callable[[], None]:
    """A look at the window every 5 ms (call it once the QApplication exists): it
    prints the seconds from ``started`` to the first results painted and to the
    window searchable, then quits once the start is over, as a person's session
    would end later: only then does the window keep its first page. The window
    is recognised by its attributes, so nothing of the program is imported here."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list[float] = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            panel: Any = getattr(widget, "search_panel", None)
            if panel is None or not widget.isVisible():
                continue
            if not seen and panel.idle and panel.model.rowCount():
                panel.results_view.viewport().repaint()
                seen.append(time.time() - started)
            if len(seen) == 1 and getattr(widget, "searchable", False):
                panel.results_view.viewport().repaint()
                seen.append(time.time() - started)
                print(f"{seen[0]:.3f} {seen[1]:.3f}", flush=True)
            if len(seen) == 2 and getattr(widget, "start_up_done", False):
                QApplication.quit()
                return
        QTimer.singleShot(5, look)

    return look


def drop_file_cache() -> None:
    """Empty the OS file cache, as after a restart (the launches above filled it)."""
    import subprocess

    subprocess.run("sync; echo 3 > /proc/sys/vm/drop_caches", shell=True, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.gui", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--launch-only", action="store_true", help="only the launches (a minute, not ten)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="drop the OS file cache (Linux, as root) after the launches, so the window "
        "measured in this process starts and types as after a restart",
    )
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == [CHILD_FLAG]:
        return launched_child(float(arguments[1]), arguments[2])
    if arguments[:1] == [BARE_FLAG]:
        return bare_child(float(arguments[1]))
    args = parser.parse_args(arguments)
    root = library_with(args.size)
    compile_bytecode()
    figures: dict[str, object] = {"size": args.size, **launch_times(root)}
    if not args.launch_only:
        if args.cold:
            drop_file_cache()
        figures.update(measure(root))
        figures["cold"] = args.cold
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
