"""The starter catalogue: two packs, real links, review dates, and a pack added in a later
release given once to libraries made before it, without touching what the person made."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import delete, select, update

from resources_db import catalogue, resource_bin, user_data
from resources_db.bundled import bundled_path
from resources_db.currency_models import StarterPack
from resources_db.library import STARTER_PACKS, open_library
from resources_db.models import Collection, Organisation, Resource, ResourceEdit

FIXTURES = Path(__file__).parent.parent / "fixtures"
LINKS = {
    "imhaw-2020/week": "https://parentinfantfoundation.org.uk/our-work/campaigning/imhaw/",
    "imhaw-2020/first-1001-days-relaunch": (
        "https://parentinfantfoundation.org.uk/first-1001-days-movement-becomes-a-formal-alliance/"
    ),
    "imhaw-2020/blog-acamh-where-is-the-i-in-camhs": (
        "https://acamh.org/blog/where-is-the-i-in-camhs"
    ),
    "imhaw-2020/org/aimh-uk": "https://aimh.uk/",
}
FURTHER = "further-reading/"


def manifest(name: str) -> dict[str, object]:
    path = bundled_path("resources_db", "starter", name, "manifest.json")
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


def test_every_starter_item_has_a_review_date_and_only_known_addresses() -> None:
    for name in STARTER_PACKS:
        for item in manifest(name)["resources"]:  # type: ignore[union-attr]
            assert item["last_reviewed"] == "2026-12-02", item["uid"]
            assert item["url"] == "" or item["url"].startswith(("https://", "http://"))
    week = manifest("imhaw-2020")["resources"][0]  # type: ignore[index]
    assert week["uid"] == "imhaw-2020/week" and week["url"] == LINKS["imhaw-2020/week"]
    # The infographic, briefing, training list, other blogs, podcast and letter: no address.
    unlinked = {
        item["uid"]
        for item in manifest("imhaw-2020")["resources"]  # type: ignore[union-attr]
        if not item["url"]
    }
    assert {
        "imhaw-2020/infographic",
        "imhaw-2020/briefing-for-commissioners",
        "imhaw-2020/online-training-resources",
        "imhaw-2020/blog-ihv-imh-matters-now-more-than-ever",
        "imhaw-2020/podcast-mind-matters-karen-bateson",
        "imhaw-2020/open-letter-prime-minister",
        "imhaw-2020/org/mind-matters",
        "imhaw-2020/org/scottish-hvs",
    } <= unlinked


def test_a_new_library_gets_both_packs_with_their_links(library) -> None:
    with library.db.session() as session:
        assert catalogue.resource_count(session) == 42
        for uid, url in LINKS.items():
            detail = catalogue.resource_detail(session, uid)
            assert detail is not None and detail.document.url == url
        nice = catalogue.resource_detail(session, f"{FURTHER}nice-cg192")
        assert nice is not None and nice.document.kind == "guidance"
        assert nice.document.url == "https://www.nice.org.uk/guidance/cg192"
        assert nice.currency.status == "current"
        assert str(nice.currency.last_reviewed) == "2026-12-02"
        aimh = session.scalar(select(Organisation).where(Organisation.name == "AIMH UK"))
        assert aimh is not None and aimh.url == "https://aimh.uk/"
        given = set(session.scalars(select(StarterPack.name)))
        assert given == set(STARTER_PACKS)
        # The further-reading pack brings no reading list of its own.
        assert [c.name for c in user_data.collections(session)] == ["IMHAW 2020 at a glance"]


def make_it_an_older_library(root: Path) -> None:
    """What a library made before this release looks like: the first pack only, with
    no links, and things the person did since."""
    library = open_library(root)
    with library.db.session() as session:
        session.execute(delete(Resource).where(Resource.uid.startswith(FURTHER)))
        session.execute(delete(StarterPack).where(StarterPack.name == "further-reading"))
        session.execute(update(StarterPack).values(digest=""))  # as migration 0008 records it
        session.execute(update(Resource).values(url="", last_reviewed=None))
        session.execute(update(Organisation).values(url=""))
        # The person's own doings.
        user_data.set_bookmark(session, "imhaw-2020/week", "For Tuesday")
        week = session.scalar(select(Resource).where(Resource.uid == "imhaw-2020/week"))
        assert week is not None
        week.url = "https://intranet.example.nhs.uk/imhaw-notes"
        session.add(ResourceEdit(resource_uid="imhaw-2020/week", field="url", source_value=""))
        session.execute(delete(Collection).where(Collection.name == "IMHAW 2020 at a glance"))
        resource_bin.put_in_bin(session, ["imhaw-2020/infographic"])
        session.execute(
            delete(Resource).where(Resource.uid == "imhaw-2020/open-letter-prime-minister")
        )  # a resource deleted for good (the bin emptied)
    library.close()


def test_an_older_library_gets_the_new_pack_once_and_keeps_what_the_person_made(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lib"
    make_it_an_older_library(root)
    library = open_library(root)
    try:
        with library.db.session() as session:
            further = session.scalars(select(Resource.uid).where(Resource.uid.startswith(FURTHER)))
            assert len(list(further)) == 10
            # The links the first pack now has fill the gaps...
            acamh = catalogue.resource_detail(
                session, "imhaw-2020/blog-acamh-where-is-the-i-in-camhs"
            )
            assert acamh is not None
            assert acamh.document.url == LINKS["imhaw-2020/blog-acamh-where-is-the-i-in-camhs"]
            assert str(acamh.currency.last_reviewed) == "2026-12-02"
            aimh = session.scalar(select(Organisation).where(Organisation.name == "AIMH UK"))
            assert aimh is not None and aimh.url == "https://aimh.uk/"
            # ...but what the person did stays as they left it.
            week = catalogue.resource_detail(session, "imhaw-2020/week")
            assert week is not None
            assert week.document.url == "https://intranet.example.nhs.uk/imhaw-notes"
            assert user_data.bookmark(session, "imhaw-2020/week").note == "For Tuesday"
            assert user_data.collections(session) == []
            assert resource_bin.in_bin(session, ["imhaw-2020/infographic"])
            gone = catalogue.resource_detail(session, "imhaw-2020/open-letter-prime-minister")
            assert gone is None
            count = catalogue.resource_count(session, with_bin=True)
    finally:
        library.close()
    again = open_library(root)
    try:
        with again.db.session() as session:
            assert catalogue.resource_count(session, with_bin=True) == count
    finally:
        again.close()


def _insert_resource(database: Path, uid: str) -> None:
    """A resource row as an older release wrote it, whatever the columns of its schema."""
    connection = sqlite3.connect(database)
    try:
        columns = connection.execute("PRAGMA table_info(resources)").fetchall()
        values: dict[str, object] = {}
        for _cid, name, kind, notnull, default, primary in columns:
            if primary or not notnull or default is not None:
                continue
            values[name] = 0 if kind.upper() in ("INTEGER", "BOOLEAN") else ""
        values.update(uid=uid, kind="report", title="My own report", withdrawn=0)
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        connection.execute(
            f"INSERT INTO resources ({names}) VALUES ({marks})", list(values.values())
        )
        connection.commit()
    finally:
        connection.close()


def test_upgrading_a_library_with_a_catalogue_adds_further_reading_only(tmp_path: Path) -> None:
    """A library with resources before 0008 had its first starter pack (or the person
    deleted it): migration 0008 records it as given, so only the new pack arrives."""
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(FIXTURES / "library-0007.sqlite3", root / "library.sqlite3")
    _insert_resource(root / "library.sqlite3", "mine/1")
    library = open_library(root)
    try:
        with library.db.session() as session:
            uids = catalogue.all_uids(session)
            assert "mine/1" in uids and "imhaw-2020/week" not in uids
            assert len([u for u in uids if u.startswith(FURTHER)]) == 10
            assert catalogue.resource_detail(session, "mine/1").currency.status == "current"  # type: ignore[union-attr]
    finally:
        library.close()
