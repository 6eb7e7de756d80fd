"""The frozen app's entry point (PyInstaller needs a script, not a console_scripts entry)."""

import multiprocessing
import sys

from desktop_app.cli import main

if __name__ == "__main__":
    # Index rebuilds start worker processes with "spawn": in a frozen app each
    # worker re-runs this executable, and this hands it over to its task.
    multiprocessing.freeze_support()
    sys.exit(main())
