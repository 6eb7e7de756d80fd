"""A first sync writes resources new to the laptop in bulk (``team.bulk_new``); the catalogue
it leaves must be the one ``apply_pack``'s object-by-object path leaves for the same pull."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select

from desktop_app.operations import Operations
from resources_db.models import IndexQueueEntry, Organisation, Person, Resource, Term
from resources_db.team import pull
from resources_db.team import sync as team_sync
from resources_db.team.documents import resource_doc
from tests.team.helpers import import_pack, search_uids

_VARIED = [
    {"uid": "mix/1", "kind": "Podcast Episode", "title": "  Mixed one ",
     "authors": ["Zoë Last", "Adam First", "Zoë Last"], "organisations": ["B Org", "A Org"],
     "topics": ["Attachment", "attachment", "Sleep"], "audience": ["Health Visitors"],
     "settings": ["Home"], "formats": ["Audio"], "published": "2020-06-08",
     "duration_seconds": 1800, "episode": 3, "season": 1, "media_url": "https://e.org/1.mp3",
     "extra": [{"label": "Host", "value": "Sam"}], "status": "withdrawn",
     "last_reviewed": "2024-01-02", "review_due": "2026-01-02", "replaces": "mix/2",
     "attachments": [{"path": "files/notes.txt", "title": "Notes"}]},
    {"uid": "mix/2", "kind": "report", "title": "Report", "part_of": "mix/1",
     "journal": "J", "volume": "2", "issue": "3", "pages": "4-5", "doi": "10.1/x"},
    {"uid": "mix/3", "kind": "report", "title": "Old report", "status": "superseded",
     "superseded_by": "mix/2"},
    {"uid": "mix/4", "kind": "campaign", "title": "A week", "organisations": ["A Org"],
     "campaign": {"name": "Week", "hashtags": ["#IMHAW"],
                  "days": [{"date": "2020-06-08", "theme": "Day one", "uid": "mix/1"}]}},
    {"uid": "mix/5", "kind": "blog post", "title": "Plain", "authors": ["New Person"],
     "topics": ["Brand new topic"]},
]  # fmt: skip


def _varied_pack(folder: Path) -> Path:
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "notes.txt").write_text("Show notes.", encoding="utf-8")
    manifest = {"format": "imh-library-pack", "format_version": 1, "id": "mix", "title": "Mix",
                "resources": _VARIED,
                "organisations": [{"name": "A Org", "short_name": "AO", "url": "https://a.org"}],
                "people": [{"name": "Adam First", "description": "A host."}]}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def _catalogue(ops: Operations) -> dict[str, Any]:
    """Everything a resource's rows say, less the ids and times that differ between libraries."""
    skipped = {"id", "added_at", "updated_at"}
    with ops.library.db.session() as session:
        resources = {}
        for resource in session.scalars(select(Resource).where(Resource.uid.startswith("mix/"))):
            columns = {
                attr.key: getattr(resource, attr.key)
                for attr in inspect(Resource).column_attrs
                if attr.key not in skipped
            }
            resources[resource.uid] = {**columns, **resource_doc(resource)}
        return {
            "resources": resources,
            "organisations": sorted(
                (o.name, o.short_name, o.description, o.url)
                for o in session.scalars(select(Organisation))
            ),
            "people": sorted(
                (p.name, p.description, p.url) for p in session.scalars(select(Person))
            ),
            "terms": sorted((t.vocabulary, t.name) for t in session.scalars(select(Term))),
        }


def test_a_first_sync_in_bulk_writes_what_the_object_path_writes(
    joined, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = joined("alice")
    import_pack(alice, _varied_pack(tmp_path / "pack"))
    assert alice.sync()[0].pushed == len(_VARIED)

    carol = joined("carol")
    assert carol.sync()[0].pulled == len(_VARIED)
    with monkeypatch.context() as patched:
        patched.setattr(pull, "write_new", lambda _session, resources, *_: resources)
        dave = joined("dave")
        assert dave.sync()[0].pulled == len(_VARIED)

    bulk, by_objects = _catalogue(carol), _catalogue(dave)
    assert bulk["resources"].keys() == {row["uid"] for row in _VARIED}
    assert bulk == by_objects
    assert bulk["resources"]["mix/1"]["authors"] == ["Zoë Last", "Adam First"]
    assert ("A Org", "AO", "", "https://a.org") in bulk["organisations"]
    assert ("Adam First", "A host.", "") in bulk["people"]
    # The replacement link, resolved after the bulk rows were there.
    assert bulk["resources"]["mix/3"]["superseded_by"] == "mix/2"
    # The index followed through its queue (the sync's own catch-up emptied it).
    assert {"mix/1", "mix/5"} <= search_uids(carol, "mixed OR plain")


def test_a_resource_already_here_or_in_the_bin_takes_the_object_path(joined, tmp_path) -> None:
    alice = joined("alice")
    import_pack(alice, _varied_pack(tmp_path / "pack"))
    alice.sync()
    carol = joined("carol")
    with carol.library.db.session() as session:
        session.add(Resource(uid="mix/5", kind="blog post", title="Mine first"))
    carol.sync()
    assert carol.detail("mix/5") is not None
    with carol.library.db.session() as session:
        titles = session.scalars(select(Resource.title).where(Resource.uid == "mix/5")).all()
    assert titles == ["Plain"]


def test_bulk_written_resources_are_queued_for_the_index(joined, laptop, team, tmp_path) -> None:
    alice = joined("alice")
    import_pack(alice, _varied_pack(tmp_path / "pack"))
    alice.sync()
    erin = laptop("erin")
    team_sync.join(erin, team.url("erin"))
    team_sync.sync(erin)
    with erin.db.session() as session:
        queued = set(session.scalars(select(IndexQueueEntry.uid)))
    assert {row["uid"] for row in _VARIED} <= queued
