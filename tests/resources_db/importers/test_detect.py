"""Formats are recognised from content; the extension only breaks ties."""

from __future__ import annotations

import pytest

from resources_db.importers import ImportRejected, detect_format
from tests.resources_db.importers import FIXTURES

EXPECTED = {
    "blog.rss": "feed",
    "news.atom": "feed",
    "podcast.rss": "feed",
    "subscriptions.opml": "opml",
    "resources.csv": "csv",
    "resources-cp1252.csv": "csv",
    "no-title.csv": "csv",
    "resources.json": "json",
    "library.ris": "ris",
    "bookmarks.html": "bookmarks",
    "best-start.pdf": "pdf",
}


@pytest.mark.parametrize(("name", "fmt"), sorted(EXPECTED.items()))
def test_fixture_formats(name: str, fmt: str) -> None:
    assert detect_format((FIXTURES / name).read_bytes(), name) == fmt


@pytest.mark.parametrize(("name", "fmt"), sorted(EXPECTED.items()))
def test_content_wins_over_a_misleading_extension(name: str, fmt: str) -> None:
    assert detect_format((FIXTURES / name).read_bytes(), "misleading.txt.pdf.csv") == fmt
    assert detect_format((FIXTURES / name).read_bytes(), "") == fmt


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"PK\x03\x04rest-of-a-zip", "pack"),
        (b'{"format": "imh-library-pack", "format_version": 1}', "pack"),
        (b'{"resources": []}', "json"),
        (b'\xef\xbb\xbf[{"title": "x"}]', "json"),
        (b'<?xml version="1.0"?>\n<!-- c -->\n<rdf:RDF xmlns:rdf="x"></rdf:RDF>', "feed"),
        (b"<!DOCTYPE html><html><body><dl><dt><a href='https://a.org'>a</a></dl>", "bookmarks"),
        (b"\n\nTY  - JOUR\nTI  - x\nER  - \n", "ris"),
        (b"Title\tURL\nA\thttps://a.org\n", "csv"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
    ],
)
def test_content_signatures(data: bytes, fmt: str) -> None:
    assert detect_format(data, "upload.bin") == fmt


def test_extension_breaks_a_tie() -> None:
    # One column and no delimiter: only the name says it is a CSV.
    assert detect_format(b"Title\nRare Jewels\n", "list.csv") == "csv"
    with pytest.raises(ImportRejected):
        detect_format(b"Title\nRare Jewels\n", "list.txt")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "it is empty"),
        (b"  \r\n\t ", "it is empty"),
        (bytes(range(256)) * 4, "it looks like binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it looks like binary data"),
        (b"just a sentence of prose", "it is not a feed"),
        (b"{\\rtf1\\ansi Hello}", "it is not a feed"),
        (b"<html><body>hello</body></html>", "it is not a feed"),
    ],
)
def test_unimportable_content_is_rejected_in_one_sentence(data: bytes, reason: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        detect_format(data, "folder/upload.dat")
    message = str(caught.value)
    assert message.startswith("upload.dat is not a format IMH Library can import (")
    assert reason in message
    assert message.endswith(").") and "\n" not in message


@pytest.mark.parametrize("name", ["list.bibtex", "list.bib", "list.csv"])
def test_bibtex_is_named_and_refused_not_read_as_a_csv(name: str) -> None:
    data = b"% exported\n@misc{first2020imhaw,\n  title = {{IMHAW 2020 Monday}},\n}\n"
    with pytest.raises(ImportRejected, match=r"^list\.\w+ is a BibTeX file, which"):
        detect_format(data, name)
