"""Small packs written by tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def resource(uid: str, **fields: Any) -> dict[str, Any]:
    return {"uid": uid, "kind": "blog post", "title": f"Title of {uid}", **fields}


def write_pack(folder: Path, resources: list[dict[str, Any]], **extra: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": "imh-library-pack",
        "format_version": 1,
        "id": folder.name,
        "title": folder.name,
        "resources": resources,
        **extra,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder
