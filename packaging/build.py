"""Build the frozen app for the machine this runs on.

    uv run python packaging/build.py [--clean] [--smoke]

Makes ``dist/imh-library/`` (one folder, the ``imh-library`` executable
inside; ``imh-library.exe`` and the windowed ``IMH Library.exe`` on Windows)
and, on macOS, ``dist/IMH Library.app``. Prints the folder's size and its
biggest files. ``--smoke`` then runs ``--version``, ``search infant`` and
``self-test`` on the frozen app, headless, in a scratch library folder.
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
    """Run the frozen app the way CI and a first start do, with a bare environment."""
    with tempfile.TemporaryDirectory(prefix="imh-smoke-") as scratch:
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
                [str(frozen_executable()), *args], env=env, capture_output=True, text=True
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
    total = report(frozen_folder())
    if total > SIZE_LIMIT_MB * 1e6:
        print(f"warning: {total / 1e6:.0f} MB is over the {SIZE_LIMIT_MB} MB budget")
    print(f"\nbuilt {frozen_executable().relative_to(ROOT)}")
    if args.smoke:
        smoke()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
