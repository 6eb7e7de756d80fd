"""Build the frozen app for the machine this runs on.

    uv run python packaging/build.py [--clean] [--smoke]

Makes ``dist/imh-library/`` (one folder, the ``imh-library`` executable
inside; ``imh-library.exe`` and the windowed ``IMH Library.exe`` on Windows)
and, on macOS, ``dist/IMH Library.app``. On Linux it then trims the folder
(``shrink.py``) and checks that every library still loads. Prints the
folder's size and its biggest files. ``--smoke`` then runs ``--version``,
``search infant`` and ``self-test`` on a copy of the frozen app in another
folder, headless, in a scratch library folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "imh-library.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
NAME = "imh-library"
SIZE_LIMIT_MB = 200


def frozen_folder() -> Path:
    return DIST / NAME


def frozen_executable() -> Path:
    if sys.platform == "darwin":
        return DIST / "IMH Library.app" / "Contents" / "MacOS" / NAME
    return frozen_folder() / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def folder_size(folder: Path) -> tuple[int, list[tuple[int, Path]]]:
    files = [
        (path.stat().st_size, path)
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    ]
    return sum(size for size, _ in files), sorted(files, reverse=True)


def report(folder: Path, top: int = 15) -> int:
    total, files = folder_size(folder)
    print(f"\n{folder.relative_to(ROOT)}: {total / 1e6:.1f} MB in {len(files)} files; biggest:")
    for size, path in files[:top]:
        print(f"  {size / 1e6:7.1f} MB  {path.relative_to(folder)}")
    return total


def is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def shrink_folder(folder: Path) -> None:
    """Linux: the trims a spec cannot express (packaging/shrink.py), each one's saving."""
    if not sys.platform.startswith("linux"):
        return
    import shrink  # packaging/ is this script's folder, so on sys.path

    steps = (
        ("symbol tables and debug info stripped", shrink.strip_symbols),
        ("ICU data cut to root and English", shrink.trim_icu_data),
        ("QtQuick/QtQml stubbed or removed", shrink.stub_qml),
        ("OpenBLAS stubbed, gfortran and quadmath removed", shrink.stub_openblas),
        ("psycopg's OpenSSL shared with Python's", shrink.share_openssl),
    )
    for label, step in steps:
        print(f"{label}: {step(folder) / 1e6:.1f} MB saved", flush=True)


def check_links(folder: Path) -> None:
    """Linux: every bundled library must load with only the bundle on the search path."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return
    internal = folder / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6/Qt/lib'}")
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or not is_elf(path):
            continue
        result = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True)
        text = result.stdout + result.stderr
        bad = [
            line.strip()
            for line in text.splitlines()
            if "not found" in line or "error while loading" in line or "not page-aligned" in line
        ]
        if bad:
            problems.append(f"{path.relative_to(folder)}: {'; '.join(bad)}")
    for problem in problems:
        print("link problem:", problem)
    if problems:
        raise SystemExit(f"{len(problems)} bundled libraries would not load")
    print("all bundled libraries resolve")


def build(clean: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        "--log-level",
        "WARN",
    ]
    if clean:
        command.append("--clean")
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def smoke() -> None:
    """Run the frozen app the way CI and a first start do, with a bare environment.

    It runs from a copy in another folder, as an installed app does, so nothing may
    depend on where it was built.
    """
    with tempfile.TemporaryDirectory(prefix="imh-smoke-") as scratch:
        app = Path(scratch) / "elsewhere"
        if sys.platform == "darwin":
            shutil.copytree(DIST / "IMH Library.app", app / "IMH Library.app", symlinks=True)
            executable = app / "IMH Library.app" / "Contents" / "MacOS" / NAME
        else:
            shutil.copytree(frozen_folder(), app / NAME, symlinks=True)
            executable = app / NAME / frozen_executable().name
        env = {
            "HOME": scratch,
            "QT_QPA_PLATFORM": "offscreen",
            "IMH_LIBRARY_HOME": str(Path(scratch) / "library"),
        }
        for key in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "LOCALAPPDATA", "APPDATA", "PATH"):
            if key in os.environ and sys.platform == "win32":
                env[key] = os.environ[key]
        for args in (["--version"], ["search", "infant", "--limit", "3"], ["self-test"]):
            start = time.perf_counter()
            result = subprocess.run(
                [str(executable), *args], env=env, capture_output=True, text=True
            )
            elapsed = time.perf_counter() - start
            print(f"$ {NAME} {' '.join(args)}  -> exit {result.returncode} in {elapsed:.2f} s")
            print(result.stdout.strip()[:1500])
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                raise SystemExit(f"smoke test failed: {args}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument("--smoke", action="store_true", help="run the frozen app afterwards")
    args = parser.parse_args(argv)

    if frozen_folder().exists():
        shutil.rmtree(frozen_folder())
    build(args.clean)
    shrink_folder(frozen_folder())
    check_links(frozen_folder())
    total = report(frozen_folder())
    if total > SIZE_LIMIT_MB * 1e6:
        print(f"warning: {total / 1e6:.0f} MB is over the {SIZE_LIMIT_MB} MB budget")
    print(f"\nbuilt {frozen_executable().relative_to(ROOT)}")
    if args.smoke:
        smoke()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
