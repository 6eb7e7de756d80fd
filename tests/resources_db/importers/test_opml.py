"""OPML lists become subscriptions; the pack itself carries no resources."""

from __future__ import annotations

import pytest

from resources_db.importers import FeedInfo, ImportRejected, parse_source
from tests.resources_db.importers import assert_one_sentence, parse_fixture


def test_opml_feeds() -> None:
    parsed = parse_fixture("subscriptions.opml")
    assert parsed.format == "opml"
    assert parsed.pack.title == "IMH reading list"
    assert parsed.pack.resources == []
    assert parsed.feeds == [
        FeedInfo("https://parentinfantfoundation.org.uk/feed/", "Parent-Infant Foundation", "feed"),
        FeedInfo("https://first1001days.org.uk/atom.xml", "First 1001 Days", "feed"),
        # Listed under a "Podcasts" folder.
        FeedInfo("https://example.org/podcast/feed.xml", "The Baby Brain Podcast", "podcast"),
    ]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"<opml><body><outline text='x'", "the XML is broken"),
        (b"<notopml/>", "root element is not <opml>"),
        (b"<opml><body><outline text='no feed here'/></body></opml>", "lists no feeds"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]>'
            b'<opml><body><outline text="&a;" xmlUrl="https://a.org/f"/></body></opml>',
            "refused for safety",
        ),
    ],
)
def test_bad_opml_is_rejected(data: bytes, fragment: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "list.opml", "opml")
    assert fragment in str(caught.value)
    assert_one_sentence(str(caught.value))
