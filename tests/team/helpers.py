"""Small things the team tests share: packs to import, quick looks at a library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend
from sqlalchemy import select

from desktop_app.operations import Operations
from resources_db.curation import ResourceFields
from resources_db.models import Resource


def write_pack(folder: Path, count: int, prefix: str = "team", **fields: Any) -> Path:
    """A pack of ``count`` resources with uids ``prefix/1`` … and a title each."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = [
        {
            "uid": f"{prefix}/{n}",
            "kind": "blog post",
            "title": f"{prefix.title()} resource {n}",
            "summary": f"About attachment in infancy, part {n}.",
            "organisations": ["Parent-Infant Foundation"],
            "authors": ["A. Writer", "B. Writer"],
            "topics": ["Attachment"],
            **fields,
        }
        for n in range(1, count + 1)
    ]
    manifest = {"format": "imh-library-pack", "format_version": 1, "id": folder.name,
                "title": folder.name, "resources": resources}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def import_pack(ops: Operations, folder: Path) -> None:
    report = ops.import_sources([str(folder)])
    assert not report.rejected, report.rejected[0].error


def title(ops: Operations, uid: str) -> str | None:
    with ops.library.db.session() as session:
        return session.scalar(select(Resource.title).where(Resource.uid == uid))


def uids(ops: Operations, prefix: str = "") -> set[str]:
    with ops.library.db.session() as session:
        found = session.scalars(select(Resource.uid).where(Resource.uid.startswith(prefix)))
        return set(found)


def edit_title(ops: Operations, uid: str, new_title: str) -> None:
    ops.edit_resource(uid, ResourceFields(title=new_title))


def search_uids(ops: Operations, query: str) -> set[str]:
    return {hit.uid for hit in ops.search(query, limit=1000).hits}


class MemoryKeyring(KeyringBackend):
    """A keyring in memory, so tests see what the app stores and nothing leaves them."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)
