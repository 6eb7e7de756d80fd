"""Where a library lives on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "IMH Library"
HOME_ENV = "IMH_LIBRARY_HOME"


def default_root() -> Path:
    """``$IMH_LIBRARY_HOME`` if set, else the platform's user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class LibraryPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "library.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def attachments_dir(self) -> Path:
        return self.root / "attachments"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def first_page(self) -> Path:
        """The window's first page, kept for a fast start (desktop_app/first_page.py)."""
        return self.root / "first-page.json"

    def create(self) -> None:
        for folder in (self.root, self.attachments_dir, self.backups_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
