"""Every module imports on its own, whatever was imported before it (no import cycles).

A cycle only shows when its modules are imported in a particular order, such
as a child process importing ``resources_db.user_data`` first; so each module
is imported here with none of ours loaded yet.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # one fresh interpreter per module: about half a minute

PACKAGES = ("resources_db", "search_index", "desktop_app")

CHECK = """
import importlib, sys, traceback
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in {packages!r}]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc().strip().splitlines()[-1])
print("\\n".join(failed))
"""


def our_modules() -> list[str]:
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or parts[:2] == ("desktop_app", "ui"):
                # Alembic loads migrations from files, with its own context; the
                # window's modules sit on top of everything (and cost the most to load).
                continue
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_first() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK.format(packages=set(PACKAGES)), *our_modules()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
