"""Imports never merge two different references; importing a file again updates it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from resources_db.importers import parse_source
from resources_db.importing import import_source
from resources_db.library import Library
from resources_db.models import Resource

SHARED_LINKS = b"""TY  - JOUR
TI  - Sleep in the first year
UR  - https://www.example.org/journal
ER  -

TY  - JOUR
TI  - Feeding and bonding
UR  - https://www.example.org/journal/
ER  -

TY  - JOUR
TI  - Fathers and infants
UR  - http://
ER  -

TY  - JOUR
TI  - Grandparents and infants
UR  - http://
ER  -
"""


def _write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def _uids(library: Library, titles: set[str]) -> dict[str, str]:
    with library.db.session() as session:
        rows = session.execute(
            select(Resource.title, Resource.uid).where(Resource.title.in_(titles))
        )
        return {row.title: row.uid for row in rows}


def test_references_sharing_a_link_or_a_placeholder_stay_apart(
    library: Library, tmp_path: Path
) -> None:
    source = _write(tmp_path, "shared.ris", SHARED_LINKS)
    first = import_source(library, source)
    assert (first.status, first.added, first.updated) == ("imported", 4, 0)
    titles = {
        "Sleep in the first year",
        "Feeding and bonding",
        "Fathers and infants",
        "Grandparents and infants",
    }
    uids = _uids(library, titles)
    assert set(uids) == titles and len(set(uids.values())) == 4
    again = import_source(library, source)
    assert (again.added, again.updated) == (0, 0)  # found again, unchanged
    assert _uids(library, titles) == uids  # stable across re-imports


def test_a_link_with_another_title_is_another_resource(library: Library, tmp_path: Path) -> None:
    csv = _write(tmp_path, "list.csv", b"Title,URL\nSleep in the first year,www.example.org/a\n")
    ris = _write(
        tmp_path,
        "refs.ris",
        b"TY  - RPRT\nTI  - Feeding\nUR  - https://www.example.org/a\nER  - \n",
    )
    assert import_source(library, csv).added == 1
    assert (import_source(library, ris).added, import_source(library, csv).added) == (1, 0)
    uids = _uids(library, {"Sleep in the first year", "Feeding"})
    assert uids["Sleep in the first year"] == "url:https://www.example.org/a"
    assert uids["Feeding"].startswith("url:https://www.example.org/a~")
    # Importing in the other order again finds the same two resources.
    assert (import_source(library, ris).added, import_source(library, csv).added) == (0, 0)


def test_a_link_with_a_matching_title_is_the_same_resource(
    library: Library, tmp_path: Path
) -> None:
    csv = _write(
        tmp_path, "list.csv", b"Title,URL\nSleep In The First Year,https://example.org/a\n"
    )
    ris = _write(
        tmp_path,
        "refs.ris",
        b"TY  - RPRT\nTI  - Sleep in the first year\nUR  - https://example.org/a/\nER  - \n",
    )
    assert import_source(library, csv).added == 1
    outcome = import_source(library, ris)
    assert (outcome.added, outcome.updated) == (0, 1)


def test_csv_and_json_rows_sharing_a_link_stay_apart() -> None:
    csv = b"Title,Link\nFirst,https://example.org/list\nSecond,https://example.org/list\n"
    rows = parse_source(csv, "list.csv", "csv").pack.resources
    assert [r.fields["title"] for r in rows] == ["First", "Second"]
    assert len({r.uid for r in rows}) == 2
    data = (
        b'[{"title": "First", "url": "https://example.org/list"},'
        b' {"title": "Second", "url": "https://example.org/list"}]'
    )
    entries = parse_source(data, "list.json", "json").pack.resources
    assert len({r.uid for r in entries}) == 2


def test_the_same_doi_is_one_resource_and_the_repeat_is_reported() -> None:
    csv = b"Title,DOI\nAttachment,10.5555/x.1\nAttachment (preprint),https://doi.org/10.5555/X.1\n"
    parsed = parse_source(csv, "list.csv", "csv")
    assert [r.uid for r in parsed.pack.resources] == ["doi:10.5555/x.1"]
    assert [(s.row, s.reason) for s in parsed.skipped] == [
        (3, "the same resource as row 2 (same DOI)")
    ]


def test_same_title_and_year_from_different_publishers_stay_apart(
    library: Library, tmp_path: Path
) -> None:
    ris = (
        b"TY  - RPRT\nTI  - Annual review\nPB  - Trust A\nPY  - 2020\nER  - \n"
        b"TY  - RPRT\nTI  - Annual review\nPB  - Trust B\nPY  - 2020\nER  - \n"
    )
    source = _write(tmp_path, "reviews.ris", ris)
    assert import_source(library, source).added == 2
    again = import_source(library, source)
    assert (again.added, again.updated) == (0, 0)  # found again, unchanged
    other = _write(
        tmp_path,
        "other.ris",
        b"TY  - RPRT\nTI  - Annual review\nPB  - Trust C\nPY  - 2020\nER  - \n",
    )
    assert import_source(library, other).added == 1


def test_a_feed_entry_with_no_guid_is_known_by_its_link_and_title(
    library: Library, tmp_path: Path
) -> None:
    def feed(title: str) -> bytes:
        return (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>Blog</title>"
            f"<item><title>{title}</title><link>https://example.org/blog</link></item>"
            "</channel></rss>"
        ).encode()

    assert import_source(library, _write(tmp_path, "a.rss", feed("Week one"))).added == 1
    assert import_source(library, _write(tmp_path, "b.rss", feed("Week two"))).added == 1
    assert import_source(library, _write(tmp_path, "a.rss", feed("Week one"))).added == 0
