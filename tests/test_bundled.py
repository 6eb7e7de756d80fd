"""bundled_path finds the files shipped with the app when run from source."""

from __future__ import annotations

import json
import sys

from resources_db.bundled import bundled_path


def test_finds_starter_manifest() -> None:
    manifest = bundled_path("resources_db", "starter", "imhaw-2020", "manifest.json")
    assert manifest.is_file()
    assert json.loads(manifest.read_text("utf-8"))


def test_finds_search_data() -> None:
    assert "groups" in json.loads(
        bundled_path("search_index", "data", "thesaurus.json").read_text("utf-8")
    )
    assert bundled_path("search_index", "data", "spellings.json").is_file()


def test_finds_migrations_and_their_versions() -> None:
    migrations = bundled_path("resources_db", "migrations")
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("0001_*.py"))


def test_frozen_paths_are_under_meipass(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert bundled_path("search_index", "data", "x.json") == tmp_path / "search_index/data/x.json"
