"""Any input gives a pack or one plain sentence; re-importing gives the same uids."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources_db.importers import FORMATS, ImportRejected, detect_format, parse_source
from tests.resources_db.importers import FIXTURES, assert_one_sentence, parse_fixture

IMPORTABLE = [
    "blog.rss",
    "news.atom",
    "podcast.rss",
    "subscriptions.opml",
    "resources.csv",
    "resources-cp1252.csv",
    "resources.json",
    "library.ris",
    "bookmarks.html",
    "best-start.pdf",
    "references.ris",
    "reading-list.csv",
]


@pytest.mark.parametrize("name", IMPORTABLE)
def test_reparsing_gives_the_same_uids(name: str) -> None:
    first = parse_fixture(name)
    again = parse_fixture(name)
    assert [r.uid for r in first.pack.resources] == [r.uid for r in again.pack.resources]
    assert [f.url for f in first.feeds] == [f.url for f in again.feeds]
    for resource in first.pack.resources:
        # Plain text only: no markup reaches any field.
        for field in ("title", "summary", "body", "source"):
            assert "<" not in resource.fields[field], (name, field)


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("feed", b""),
        ("feed", b"\x00\x01\x02 random"),
        ("feed", b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut'),
        ("opml", b""),
        ("csv", b""),
        ("csv", b"\x00\x00\x00"),
        ("json", b""),
        ("ris", b"\x89PNG\r\n"),
        ("bookmarks", b""),
        ("pdf", b""),
        ("pdf", b"%PDF-"),
    ],
)
def test_hostile_input_is_one_sentence(fmt: str, data: bytes) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "hostile.bin", fmt)
    assert_one_sentence(str(caught.value))


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_source(b"x", "x", "pack")
    assert_one_sentence(str(caught.value))


PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>",
    b"<opml><body><outline xmlUrl='",
    b"<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><DT><A HREF='http://",
    b"TY  - JOUR\nTI  - ",
    b"TY - JOUR\nAU - ",
    b"Title,URL,Date\n",
    b'[{"title": ',
    b"\xef\xbb\xbf",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), tail=st.binary(max_size=300) | st.text(max_size=300))
def test_random_bytes_give_a_pack_or_import_rejected(prefix: bytes, tail: bytes | str) -> None:
    data = prefix + (tail.encode("utf-8") if isinstance(tail, str) else tail)
    try:
        fmt = detect_format(data, "random.dat")
        assert fmt in FORMATS
        if fmt != "pack":
            parsed = parse_source(data, "random.dat", fmt)
            assert parsed.format == fmt
    except ImportRejected as error:
        assert_one_sentence(str(error))


def test_fixture_list_is_complete() -> None:
    names = {path.name for path in FIXTURES.iterdir()}
    assert set(IMPORTABLE) | {"no-title.csv"} == names


def test_a_parser_missing_from_the_installation_is_one_sentence(monkeypatch) -> None:
    real_import = importlib.import_module

    def broken(name: str, *args: object) -> object:
        if name.endswith(".pdf"):
            raise ImportError("No module named 'pypdf'")
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", broken)
    with pytest.raises(ImportRejected, match="lacks what it needs to read a PDF"):
        parse_source(b"%PDF-1.4", "leaflet.pdf", "pdf")
