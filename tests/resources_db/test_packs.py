"""Bad packs are refused with one sentence and change nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from resources_db import catalogue
from resources_db.packs import PackError, read_pack
from tests.resources_db.packs_fixtures import resource, write_pack


def count(library) -> int:
    with library.db.session() as session:
        return catalogue.resource_count(session)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ({"format": "other"}, "not an IMH Library pack"),
        ({"format": "imh-library-pack", "format_version": 99}, "format version 99"),
        (
            {"format": "imh-library-pack", "format_version": 1, "resources": [{"kind": "x"}]},
            "no uid",
        ),
        (
            {
                "format": "imh-library-pack",
                "format_version": 1,
                "resources": [resource("a", published="June-ish")],
            },
            "not a date",
        ),
        (
            {
                "format": "imh-library-pack",
                "format_version": 1,
                "resources": [resource("a"), resource("a")],
            },
            "more than once",
        ),
        (
            {
                "format": "imh-library-pack",
                "format_version": 1,
                "resources": [resource("a", part_of="nowhere")],
            },
            "neither in it nor in the library",
        ),
    ],
)
def test_bad_manifests_are_refused_and_change_nothing(library, tmp_path, manifest, message) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    before = count(library)
    with pytest.raises(PackError, match=message):
        library.import_pack(folder)
    assert count(library) == before


def test_zip_entries_escaping_the_pack_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "evil.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("../../outside.txt", "gotcha")
    with pytest.raises(PackError, match="outside the pack"):
        read_pack(target)
    assert not (tmp_path.parent / "outside.txt").exists()


def test_zip_bombs_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", " " * 50_000_000)
    with pytest.raises(PackError, match="compressed too much"):
        read_pack(target)


def test_random_bytes_are_not_a_pack(tmp_path: Path) -> None:
    target = tmp_path / "noise.zip"
    target.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(PackError, match="not a readable pack"):
        read_pack(target)


def test_zipped_pack_with_attachment_is_stored_content_addressed(library, tmp_path: Path) -> None:
    target = tmp_path / "pack.zip"
    item = resource("z/1", attachments=[{"path": "files/note.txt", "title": "Notes"}])
    manifest = {"format": "imh-library-pack", "format_version": 1, "resources": [item]}
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("files/note.txt", "hello")
    library.import_pack(target)
    with library.db.session() as session:
        (attachment,) = catalogue.resource_detail(session, "z/1").attachments
    stored = library.paths.attachments_dir / attachment.sha256[:2] / f"{attachment.sha256}.txt"
    assert stored.read_text() == "hello"
    assert attachment.media_type == "text/plain"


def test_missing_attachment_refuses_whole_pack(library, tmp_path: Path) -> None:
    item = resource("m/1", attachments=[{"path": "files/absent.pdf"}])
    before = count(library)
    with pytest.raises(PackError, match="no file"):
        library.import_pack(write_pack(tmp_path / "m", [resource("m/0"), item]))
    assert count(library) == before
