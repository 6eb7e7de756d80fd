"""Netscape bookmark files as Firefox and Chrome export them."""

from __future__ import annotations

from datetime import date

import pytest

from resources_db.importers import ImportRejected, parse_source
from tests.resources_db.importers import assert_one_sentence, by_title, parse_fixture


def test_bookmarks() -> None:
    parsed = parse_fixture("bookmarks.html")
    assert parsed.format == "bookmarks"
    marks = by_title(parsed)
    # javascript:, place: and file: links are skipped; the duplicate page is merged.
    assert set(marks) == {
        "Parent-Infant Foundation",
        "ACAMH blog: infant mental health & you",
        "Serve and return",
        "The best start for life",
    }
    home = marks["Parent-Infant Foundation"]
    assert home["uid"] == "url:https://parentinfantfoundation.org.uk"
    assert home["kind"] == "report" and home["formats"] == ["web page"]
    assert home["published"] == date(2020, 6, 8)
    # The toolbar folder is the browser's, not a topic; the second copy's folder is.
    assert home["topics"] == ["Infant mental health"]
    blog = marks["ACAMH blog: infant mental health & you"]
    assert blog["kind"] == "blog post"
    assert blog["topics"] == ["Infant mental health", "imhaw", "blog"]
    assert blog["summary"] == "A round-up of IMHAW posts."
    video = marks["Serve and return"]
    assert video["kind"] == "video"
    assert video["topics"] == ["Infant mental health", "Videos"]
    assert video["published"] is None  # ADD_DATE was not a number
    assert marks["The best start for life"]["topics"] == []


def test_bookmarks_without_web_links_are_rejected() -> None:
    data = b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p><DT><A HREF='place:x'>x</A></DL>"
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "bookmarks.html", "bookmarks")
    assert str(caught.value) == "bookmarks.html holds no web links to import."
    assert_one_sentence(str(caught.value))
