"""RIS and BibTeX exports: what a reference manager, LaTeX or this library reads back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bibtexparser import middlewares
from sqlalchemy import select

from resources_db import user_data
from resources_db.exporters import export, select_bookmarks, select_collection, select_uids
from resources_db.exporters.bibtex import citation_key, latex_escape, to_bibtex, unique_key
from resources_db.exporters.ris import to_ris
from resources_db.formats import EXPORT_FORMATS
from resources_db.importers.common import web_link
from resources_db.importers.ris import parse_ris
from resources_db.importing import import_source
from resources_db.kinds import ALL_KINDS
from resources_db.library import Library, open_library
from resources_db.models import Resource
from tests.resources_db.packs_fixtures import resource, write_pack

ARTICLE = "ref/article"
CHAPTER = "ref/chapter"
EPISODE = "ref/episode"
TAGGED = "ref/tagged"
REFERENCES = [
    resource(
        ARTICLE,
        kind="journal article",
        title="Parent–infant psychotherapy & the first 1001 days: a trial",
        authors=["Ana María López-García", "Jo van der Berg", "Sally Hogg"],
        organisations=["Parent-Infant Foundation"],
        published="2019-03-14",
        url="https://example.org/trial",
        journal="Infant Mental Health Journal",
        volume="40",
        issue="2",
        pages="112-130",
        doi="10.1002/imhj.21777",
        topics=["attachment", "psychotherapy"],
    ),
    resource(
        CHAPTER,
        kind="book chapter",
        title="Babies in the pandemic",
        authors=["Karen Bateson"],
        published="2021",
        journal="The Best Start for Life",
        pages="45-60",
        doi="10.1000/book.5",
    ),
    # A feed's internal episode id and a tag: URI are no links anyone can follow.
    resource(
        EPISODE, kind="podcast episode", title="Episode one", authors=["Karen Bateson"], url="ep1"
    ),
    resource(
        TAGGED,
        kind="blog post",
        title="A post with a tag URI",
        organisations=["Mind Matters"],
        url="tag:example.org,2020:post-7",
    ),
]


def add_references(library: Library, tmp_path: Path) -> None:
    library.import_pack(write_pack(tmp_path / "references", REFERENCES))


def all_uids(library: Library) -> list[str]:
    with library.db.session() as session:
        return sorted(session.scalars(select(Resource.uid)))


def export_uids(library: Library, uids: list[str], fmt: str, target: Path) -> int:
    with library.db.session() as session:
        selection = select_uids(session, "Chosen", uids)
        return export(session, selection, fmt, target, library.paths.attachments_dir)


def originals(library: Library, uids: list[str]) -> dict[str, dict[str, Any]]:
    """What a re-import must give back, by title."""
    with library.db.session() as session:
        found = session.scalars(select(Resource).where(Resource.uid.in_(uids))).all()
        return {
            r.title: {
                "kind": r.kind,
                "authors": [person.name for person in r.authors],
                "year": r.published.year if r.published else None,
                "url": web_link(r.url),
                "doi": r.doi,
                "journal": r.journal,
                "volume": r.volume,
                "issue": r.issue,
                "pages": r.pages,
            }
            for r in found
        }


def read_back(ris_file: Path) -> dict[str, dict[str, Any]]:
    parsed = parse_ris(ris_file.read_bytes(), ris_file.name)
    return {
        item.fields["title"]: {
            "kind": item.fields["kind"],
            "authors": item.fields["authors"],
            "year": item.fields["published"].year if item.fields["published"] else None,
            "url": item.fields["url"],
            "doi": item.fields["doi"],
            "journal": item.fields["journal"],
            "volume": item.fields["volume"],
            "issue": item.fields["issue"],
            "pages": item.fields["pages"],
        }
        for item in parsed.pack.resources
    }


def test_the_command_line_offers_ris_and_bibtex() -> None:
    assert {"ris", "bibtex"} <= set(EXPORT_FORMATS)


def test_ris_of_the_starter_catalogue_reads_back_the_same(library: Library, tmp_path: Path) -> None:
    uids = all_uids(library)
    target = tmp_path / "starter.ris"
    assert export_uids(library, uids, "ris", target) == len(uids)
    assert read_back(target) == originals(library, uids)


def test_ris_keeps_journal_details_dois_and_author_order(library: Library, tmp_path: Path) -> None:
    add_references(library, tmp_path)
    uids = [ARTICLE, CHAPTER, EPISODE, TAGGED]
    target = tmp_path / "references.ris"
    export_uids(library, uids, "ris", target)
    back = read_back(target)
    assert back == originals(library, uids)
    article = back["Parent–infant psychotherapy & the first 1001 days: a trial"]
    assert article["authors"] == ["Ana María López-García", "Jo van der Berg", "Sally Hogg"]
    assert (article["volume"], article["issue"], article["pages"]) == ("40", "2", "112-130")
    assert article["doi"] == "10.1002/imhj.21777"
    text = target.read_bytes().decode("utf-8")  # CRLF line ends, as Zotero writes
    assert "AU  - López-García, Ana María\r\n" in text
    assert "AU  - van der Berg, Jo\r\n" in text


def test_internal_ids_are_never_written_as_links(library: Library, tmp_path: Path) -> None:
    add_references(library, tmp_path)
    for fmt in ("ris", "bibtex"):
        target = tmp_path / f"internal.{fmt}"
        export_uids(library, [EPISODE, TAGGED], fmt, target)
        text = target.read_text(encoding="utf-8")
        assert "ep1" not in text
        assert "tag:" not in text
    back = read_back(tmp_path / "internal.ris")
    assert {item["url"] for item in back.values()} == {""}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_comes_back_from_ris_as_itself(kind: str) -> None:
    row = {"uid": "x", "kind": kind, "title": f"A {kind}", "authors": ["Sally Hogg"]}
    parsed = parse_ris(to_ris([row]).encode("utf-8"), "one.ris")
    [item] = parsed.pack.resources
    assert item.fields["kind"] == kind
    assert item.fields["extra"] == []  # the kind's name in M3 is not kept as a "Type of work"


def test_a_reference_managers_report_type_is_still_kept(tmp_path: Path) -> None:
    ris = "TY  - RPRT\nTI  - Annual report\nM3  - Technical report\nER  - \n"
    [item] = parse_ris(ris.encode(), "zotero.ris").pack.resources
    assert item.fields["kind"] == "report"
    assert item.fields["extra"] == [["Type of work", "Technical report"]]


def test_our_ris_imports_into_another_library_with_its_kinds(
    library: Library, tmp_path: Path
) -> None:
    add_references(library, tmp_path)
    uids = all_uids(library)
    target = tmp_path / "everything.ris"
    export_uids(library, uids, "ris", target)
    other = open_library(tmp_path / "other")
    try:
        outcome = import_source(other, str(target))
        assert outcome.status == "imported", outcome.error
        there = originals(other, all_uids(other))
    finally:
        other.close()
    for title, fields in originals(library, uids).items():
        assert there[title]["kind"] == fields["kind"], title
        assert there[title]["authors"] == fields["authors"], title
        assert there[title]["url"] == fields["url"], title


def test_bookmarks_and_collections_export_as_ris_with_their_notes(
    library: Library, tmp_path: Path
) -> None:
    add_references(library, tmp_path)
    with library.db.session() as session:
        user_data.set_bookmark(session, ARTICLE, "Read before week 2")
        user_data.create_collection(session, "Week 1", "")
        user_data.add_to_collection(session, "Week 1", [CHAPTER, ARTICLE])
    with library.db.session() as session:
        export(
            session,
            select_bookmarks(session),
            "ris",
            tmp_path / "b.ris",
            library.paths.attachments_dir,
        )
        export(
            session,
            select_collection(session, "Week 1"),
            "bibtex",
            tmp_path / "c.bib",
            library.paths.attachments_dir,
        )
    assert "N1  - Read before week 2\r\n" in (tmp_path / "b.ris").read_bytes().decode("utf-8")
    entries = parse_bibtex((tmp_path / "c.bib").read_text(encoding="utf-8"))
    assert [fields["title"] for _, _, fields in entries] == [
        "Babies in the pandemic",
        "Parent–infant psychotherapy & the first 1001 days: a trial",
    ]


# --- BibTeX ------------------------------------------------------------------------------


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, entry type, fields) as a BibTeX reader sees them, LaTeX decoded."""
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.LatexDecodingMiddleware(),
        ],
    )
    assert library.failed_blocks == []
    return [
        (entry.key, entry.entry_type, {field.key: field.value for field in entry.fields})
        for entry in library.entries
    ]


def test_bibtex_of_the_library_reads_back_with_a_bibtex_parser(
    library: Library, tmp_path: Path
) -> None:
    add_references(library, tmp_path)
    uids = all_uids(library)
    target = tmp_path / "library.bib"
    assert export_uids(library, uids, "bibtex", target) == len(uids)
    entries = parse_bibtex(target.read_bytes().decode("utf-8"))
    keys = [key for key, _, _ in entries]
    assert len(keys) == len(set(keys)) == len(uids)
    titles = {fields["title"] for _, _, fields in entries}
    assert titles == set(originals(library, uids))
    article = next(f for _, kind, f in entries if kind == "article")
    assert [(n.first, n.von, n.last) for n in article["author"]] == [
        (["Ana", "María"], [], ["López-García"]),
        (["Jo"], ["van", "der"], ["Berg"]),
        (["Sally"], [], ["Hogg"]),
    ]
    assert article["journal"] == "Infant Mental Health Journal"
    assert (article["volume"], article["number"], article["pages"]) == ("40", "2", "112–130")
    assert article["month"] == "mar"
    chapter = next(f for _, kind, f in entries if kind == "incollection")
    assert chapter["booktitle"] == "The Best Start for Life"
    assert "month" not in chapter  # "2021" is a year, not the 1st of January


def test_bibtex_escapes_latex_special_characters_and_keeps_accents_as_utf8() -> None:
    title = "50% of {babies} & $5 #1 a_b ~ ^ back\\slash: Ünïcode “quotes”"
    row = {"uid": "x", "kind": "report", "title": title, "authors": ["Zoë Ångström"]}
    text = to_bibtex([row])
    assert latex_escape(title) in text
    assert latex_escape(title) == (
        r"50\% of \{babies\} \& \$5 \#1 a\_b \textasciitilde{} \textasciicircum{} "
        r"back\textbackslash{}slash: Ünïcode “quotes”"
    )
    [(_, entry_type, fields)] = parse_bibtex(text)
    assert entry_type == "techreport"
    assert fields["title"].replace("ˆ", "^") == title  # LaTeX's circumflex reads as a modifier
    assert [(n.first, n.last) for n in fields["author"]] == [(["Zoë"], ["Ångström"])]


def test_organisations_and_names_with_and_stay_one_author() -> None:
    row = {
        "uid": "x",
        "kind": "briefing",
        "title": "Briefing",
        "authors": [],
        "organisations": ["Smith and Sons Ltd", "Parent-Infant Foundation"],
    }
    [(_, _, fields)] = parse_bibtex(to_bibtex([row]))
    assert [n.last for n in fields["author"]] == [
        ["{Smith and Sons Ltd}"],
        ["{Parent-Infant Foundation}"],
    ]


def test_bibtex_keys_are_unique_and_readable() -> None:
    row = {
        "uid": "x",
        "kind": "blog post",
        "title": "The baby's view",
        "authors": ["Ana María López-García"],
        "published": "2020-06-08",
    }
    assert citation_key(row) == "lopezgarcia2020baby"
    assert citation_key({"uid": "y", "title": "A"}) == "anonnd"
    assert citation_key({"uid": "z", "title": "x", "organisations": ["NHS England"]}) == "nhsndx"
    taken: set[str] = set()
    assert [unique_key("k", taken) for _ in range(4)] == ["k", "ka", "kb", "kc"]
    entries = parse_bibtex(to_bibtex([row, row, row]))
    assert [key for key, _, _ in entries] == [
        "lopezgarcia2020baby",
        "lopezgarcia2020babya",
        "lopezgarcia2020babyb",
    ]
