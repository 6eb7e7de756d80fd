"""Uids stay the same for the same thing, however its address is written."""

from __future__ import annotations

import pytest

from resources_db.importers.uids import (
    best_uid,
    doi_uid,
    feed_uid,
    normalise_doi,
    normalise_url,
    pdf_uid,
    title_uid,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://Example.ORG/Path/", "https://example.org/Path"),
        ("https://example.org:443/a?utm_source=x&id=3#top", "https://example.org/a?id=3"),
        ("http://example.org:80/", "http://example.org"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org/a?fbclid=abc&utm_medium=rss", "https://example.org/a"),
        ("https://user:secret@example.org/a", "https://example.org/a"),
        ("  https://example.org/a?b=1&c=2  ", "https://example.org/a?b=1&c=2"),
    ],
)
def test_normalise_url(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


def test_malformed_port_is_kept_as_text() -> None:
    assert normalise_url("http://example.org:notaport/") == "http://example.org:notaport/"


@pytest.mark.parametrize(
    "raw",
    ["10.1002/IMHJ.21780", "doi:10.1002/imhj.21780", "https://doi.org/10.1002/IMHJ.21780"],
)
def test_doi_forms_agree(raw: str) -> None:
    assert doi_uid(raw) == "doi:10.1002/imhj.21780"


def test_not_a_doi() -> None:
    assert normalise_doi("not a doi") == ""


def test_best_uid_prefers_uid_then_doi_then_url_then_title() -> None:
    assert best_uid("T", uid=" mine ", doi="10.1/x", url="https://a.org") == "mine"
    assert best_uid("T", doi="10.1234/X", url="https://a.org") == "doi:10.1234/x"
    assert best_uid("T", url="https://doi.org/10.1234/X") == "doi:10.1234/x"
    assert best_uid("T", url="https://A.org/") == "url:https://a.org"
    assert best_uid("Rare  Jewels!", year=2019) == title_uid("rare jewels", 2019)
    assert best_uid("Rare Jewels", year=2019) != best_uid("Rare Jewels", year=2020)


def test_feed_uid_falls_back_to_link_then_text() -> None:
    assert feed_uid("guid-1", "https://a.org/x") == "feed:guid-1"
    assert feed_uid("", "https://A.org/x/#c") == "feed:https://a.org/x"
    assert feed_uid("", "", "feed|title").startswith("feed:title:")


def test_pdf_uid_is_sha256() -> None:
    assert pdf_uid(b"abc") == (
        "pdf:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
