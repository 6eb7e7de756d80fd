"""Command start: each command of the command line as a fresh process, as a user runs it.

    uv run python -m benchmarks.start --size 100000 [--runs 5] [--json]

Works on the cached library of ``benchmarks.gui`` (built once). Each command of
the command-line contract that only reads runs ``--runs`` times in a new
process; the figure is the best wall time, from starting the process to its
exit (interpreter, imports, opening the library, the work and printing), next
to ``python -c pass`` on the same interpreter as the floor. Three ways to find
Python's bytecode, each its own column:

- ``cached``: ``PYTHONDONTWRITEBYTECODE`` unset; bytecode is read, and written
  where missing (a developer's checkout after its first run);
- ``dont_write``: ``PYTHONDONTWRITEBYTECODE=1``; bytecode already there is
  read, none is written (an install that compiled bytecode, a managed laptop);
- ``no_bytecode``: ``PYTHONDONTWRITEBYTECODE=1`` and ``PYTHONPYCACHEPREFIX`` an
  empty folder, so no bytecode is found and every module is compiled from
  source at every start (an install that did not compile it).

The program's own modules are compiled first, as an install compiles them.

``--gui`` adds the window: ``imh-library gui`` started as the installed script
starts it (``cli.main()`` reading its arguments, nothing of ours imported
before), timed to its first results painted (the first page kept at the last
close, when there is one: see ``benchmarks.gui``) and to the window searchable,
in turns with a bare PySide6 window (``benchmarks.gui``'s); the best of
``--runs`` each, and their ratios.
``benchmarks.gui --launch-only`` differs in one way: its child imports the
window's modules and passes its arguments to ``cli.main`` itself, so the start's
pause of the garbage collector (``desktop_app.start_up``) covers less there.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# The command line's read-only commands (docs: /work/shared/DESIGN.md's contract);
# UID stands for a resource of the library.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--version",),
    ("--help",),
    ("search", "sleep"),
    ("search", "sleep", "--json"),
    ("show", "UID"),
    ("show", "UID", "--json"),
    ("collection", "list"),
    ("bin",),
    ("tags",),
    ("alerts",),
    ("backup", "--list"),
    ("stats",),
    ("check",),
)
BASELINE = "python -c pass"
MODES = ("cached", "dont_write", "no_bytecode")


def command_line() -> list[str]:
    """How a user starts the program: the installed ``imh-library`` script when
    there is one beside this interpreter, else the module."""
    folder = Path(sys.executable).parent
    for name in ("imh-library", "imh-library.exe"):
        script = folder / name
        if script.is_file() and name.endswith(".exe"):
            return [str(script)]
        if script.is_file():
            return [sys.executable, str(script)]
    return [sys.executable, "-m", "desktop_app.cli"]


def some_uid(root: Path) -> str:
    with sqlite3.connect(root / "library.sqlite3") as db:
        row = db.execute("SELECT uid FROM resources ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise SystemExit("benchmarks.start: the library holds no resources.")
    return str(row[0])


def environment(mode: str, empty_cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    if mode in ("dont_write", "no_bytecode"):
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if mode == "no_bytecode":
        env["PYTHONPYCACHEPREFIX"] = str(empty_cache)
    return env


def best_of(argv: Sequence[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    """The best wall time of ``runs`` starts, and the exit status of the last."""
    times, code = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
        code = done.returncode
    return min(times), code


def measure(
    root: Path,
    commands: Sequence[Sequence[str]] = COMMANDS,
    runs: int = 3,
    modes: Sequence[str] = MODES,
) -> dict[str, object]:
    uid = some_uid(root)
    program = command_line()
    figures: dict[str, dict[str, float]] = {}
    exits: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="imh-no-bytecode-") as empty:
        for mode in modes:
            env = environment(mode, Path(empty))
            baseline, _ = best_of([sys.executable, "-c", "pass"], env, runs)
            figures.setdefault(BASELINE, {})[mode] = round(baseline, 3)
            for command in commands:
                args = [uid if part == "UID" else part for part in command]
                name = " ".join(command)
                seconds, code = best_of([*program, *args, "--data-dir", str(root)], env, runs)
                figures.setdefault(name, {})[mode] = round(seconds, 3)
                exits[name] = code
    return {"runs": runs, "modes": list(modes), "start_s": figures, "exit_codes": exits}


GUI_FLAG = "--gui-from"


def gui_launches(root: Path, runs: int) -> dict[str, float]:
    """The best of ``runs`` starts of the window and of a bare window, taken in turns."""
    from benchmarks.gui import BARE_FLAG

    ours, bare = [], []
    for _ in range(runs):
        ours.append(_first_paint([sys.executable, "-m", "benchmarks.start", GUI_FLAG], str(root)))
        bare.append(_first_paint([sys.executable, "-m", "benchmarks.gui", BARE_FLAG])[0])
    first, searchable = min(t[0] for t in ours), min(t[1] for t in ours)
    return {
        "gui_launch_s": round(first, 3),
        "gui_searchable_s": round(searchable, 3),
        "bare_launch_s": round(min(bare), 3),
        "gui_launch_ratio": round(first / min(bare), 2),
        "gui_searchable_ratio": round(searchable / min(bare), 2),
    }


def _first_paint(argv: Sequence[str], *args: str) -> list[float]:
    """Start a child that prints the seconds from ``started`` (read just before) to its
    paint, and for our window then to its being searchable."""
    started = time.time()
    done = subprocess.run([*argv, str(started), *args], capture_output=True, text=True, check=True)
    return [float(figure) for figure in done.stdout.strip().splitlines()[-1].split()]


def gui_child(started: float, root: str) -> int:
    """``imh-library gui --data-dir ROOT`` as the script runs it; print the seconds from
    ``started`` to the first results painted and to the window searchable, then quit
    once its start is over (so it keeps its first page). Only Qt is imported first,
    to hook the first event loop's start (the program imports the same Qt later)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.gui import start_watch

    looking: list[bool] = []

    def start_looking() -> None:
        if not looking:
            looking.append(True)
            QTimer.singleShot(0, start_watch(started))

    # The frame's own loops run first (desktop_app/ui/frame_start.py), the app's after.
    run_app, run_loop = QApplication.exec, QEventLoop.exec

    def run_app_and_look() -> int:
        start_looking()
        return run_app()

    def run_loop_and_look(loop: QEventLoop, *flags: Any) -> int:
        start_looking()
        return run_loop(loop, *flags)

    setattr(QApplication, "exec", staticmethod(run_app_and_look))  # noqa: B010 (Qt's static)
    setattr(QEventLoop, "exec", run_loop_and_look)  # noqa: B010
    sys.argv = ["imh-library", "gui", "--data-dir", root]
    from desktop_app.cli import main

    return main()


def table(result: dict[str, object]) -> str:
    figures, exits, modes = result["start_s"], result["exit_codes"], result["modes"]
    assert isinstance(figures, dict) and isinstance(exits, dict) and isinstance(modes, list)
    width = max(len(name) for name in figures)
    lines = [f"{'command':<{width}}  " + "  ".join(f"{m:>11}" for m in modes) + "  exit"]
    for name, by_mode in figures.items():
        cells = "  ".join(f"{by_mode[m]:>11.3f}" for m in modes)
        lines.append(f"{name:<{width}}  {cells}  {exits.get(name, '')}")
    gui = result.get("gui")
    if isinstance(gui, dict):
        lines += [f"{key}: {value}" for key, value in gui.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.start", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path, help="an existing library instead of --size")
    parser.add_argument("--runs", type=int, default=3, help="starts per command; the best counts")
    parser.add_argument(
        "--command",
        action="append",
        metavar="'CMD ARGS'",
        help="measure only this command (repeat for more; UID stands for a resource)",
    )
    parser.add_argument("--mode", action="append", choices=MODES, help="default: all three")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--gui", action="store_true", help="also the window's start to first results (cached)"
    )
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == [GUI_FLAG]:
        return gui_child(float(arguments[1]), arguments[2])
    args = parser.parse_args(arguments)
    from benchmarks.gui import compile_bytecode, library_with

    root = args.data_dir if args.data_dir is not None else library_with(args.size)
    compile_bytecode()  # the program's own modules, as an install compiles them
    commands = [tuple(c.split()) for c in args.command] if args.command else COMMANDS
    figures = measure(root, commands, args.runs, args.mode or MODES)
    result = {"size": args.size if args.data_dir is None else None, **figures}
    if args.gui:
        result["gui"] = gui_launches(root, args.runs)
    print(json.dumps(result) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
