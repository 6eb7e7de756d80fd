"""The sample files import into a real library, and importing again merges."""

from __future__ import annotations

from resources_db.importing import import_source, subscriptions
from resources_db.library import Library
from tests.resources_db.importers import FIXTURES

EXPECTED_ADDED = {
    "blog.rss": 3,
    "news.atom": 2,
    "podcast.rss": 3,
    "subscriptions.opml": 0,
    "resources.csv": 5,
    # Shares "Babies in lockdown" with resources.csv, so that one is an update.
    "resources-cp1252.csv": 1,
    "resources.json": 3,
    # "Rare Jewels" has the same (normalised) URL as in resources.csv.
    "library.ris": 3,
    "bookmarks.html": 4,
    "best-start.pdf": 1,
    # Three share a landing page but not a title, one repeats a DOI, one has no title.
    "references.ris": 11,
    # Two rows share a link but not a title; one has no title, one repeats a DOI.
    "reading-list.csv": 4,
}


def test_fixtures_import_then_merge(library: Library) -> None:
    for name, added in EXPECTED_ADDED.items():
        outcome = import_source(library, str(FIXTURES / name))
        assert (outcome.status, outcome.error, outcome.added) == ("imported", None, added), name
    for name in EXPECTED_ADDED:
        again = import_source(library, str(FIXTURES / name))
        assert (again.status, again.added) == ("imported", 0), name
    with library.db.session() as session:
        urls = {s.url: s.kind for s in subscriptions(session)}
    assert urls == {
        "https://parentinfantfoundation.org.uk/feed/": "feed",
        "https://first1001days.org.uk/atom.xml": "feed",
        "https://example.org/podcast/feed.xml": "podcast",
    }
