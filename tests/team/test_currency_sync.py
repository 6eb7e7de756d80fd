"""A resource's currency (status, review dates, replacement links) travels with it both ways."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop_app.operations import Operations
from resources_db.models import Resource
from tests.team.helpers import import_pack

OLD, NEW = "guide/old", "guide/new"


def write_guides(folder: Path, old_status: str, **old_fields: Any) -> Path:
    """A pack of two guides: the old one with ``old_status``, and its replacement."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = [
        {"uid": OLD, "kind": "guide", "title": "Old guide", "source": "Guides",
         "status": old_status, **old_fields},
        {"uid": NEW, "kind": "guide", "title": "New guide", "source": "Guides", "replaces": OLD,
         "last_reviewed": "2026-05-01"},
    ]  # fmt: skip
    manifest = {"format": "imh-library-pack", "format_version": 1, "id": folder.name,
                "title": folder.name, "resources": resources}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def currency(ops: Operations, uid: str) -> tuple[Any, ...]:
    with ops.library.db.session() as session:
        found = session.scalar(select(Resource).where(Resource.uid == uid))
        assert found is not None
        return (found.status, found.last_reviewed, found.review_due, found.superseded_by,
                found.replaces)  # fmt: skip


def test_a_curators_currency_is_published_and_reaches_a_member(joined, team, tmp_path) -> None:
    alice, carol = joined("alice"), joined("carol")
    superseded = write_guides(
        tmp_path / "one", "superseded", superseded_by=NEW,
        last_reviewed="2026-03-01", review_due="2027-03-01",
    )  # fmt: skip
    import_pack(alice, superseded)
    alice.sync()

    with team.connect_as("carol") as conn:
        row = conn.execute("SELECT data FROM imh.resources WHERE uid = %s", (OLD,)).fetchone()
    assert row is not None
    published = row[0]
    assert (published["status"], published["superseded_by"]) == ("superseded", NEW)
    assert (published["last_reviewed"], published["review_due"]) == ("2026-03-01", "2027-03-01")

    carol.sync()
    assert currency(carol, OLD) == (
        "superseded", date(2026, 3, 1), date(2027, 3, 1), NEW, "",
    )  # fmt: skip
    assert currency(carol, NEW) == ("current", date(2026, 5, 1), None, "", OLD)
    shown = carol.detail(OLD)
    assert shown is not None and shown.detail.currency.superseded_by_title == "New guide"


def test_a_withdrawal_another_curator_publishes_is_pulled_and_raises_an_alert(
    joined, tmp_path
) -> None:
    alice, bob, carol = joined("alice"), joined("bob"), joined("carol")
    import_pack(alice, write_guides(tmp_path / "one", "current"))
    alice.sync()
    bob.sync()
    carol.sync()
    carol.set_bookmark(OLD, "used in supervision")

    import_pack(bob, write_guides(tmp_path / "two", "withdrawn", review_due="2026-12-31"))
    assert bob.sync()[0].pushed >= 1
    alice.sync()
    carol.sync()
    for ops in (alice, carol):
        assert currency(ops, OLD)[0] == "withdrawn"
        assert currency(ops, OLD)[2] == date(2026, 12, 31)
    assert [(a.uid, a.change) for a in carol.alerts()] == [(OLD, "withdrawn")]
