"""Importing sources end to end: files, http addresses, subscriptions, merging, rejection."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from resources_db import catalogue, user_data
from resources_db.importing import import_source, refresh_subscriptions, subscriptions
from resources_db.library import Library

ITEM = """<item><title>{title}</title><link>https://blog.example.org/{slug}</link>
<guid>https://blog.example.org/{slug}</guid><pubDate>Mon, 08 Jun 2020 09:00:00 GMT</pubDate>
<description>&lt;p&gt;{title}: {summary}&lt;/p&gt;
</description></item>"""


def feed(*titles: str, summary: str = "what babies need from the adults around them.") -> bytes:
    items = "".join(
        ITEM.format(title=t, slug=t.lower().replace(" ", "-"), summary=summary) for t in titles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Attuned Practice Blog</title><link>https://blog.example.org/</link>"
        f"<description>Notes on infant mental health</description>{items}</channel></rss>"
    ).encode()


class FeedServer:
    def __init__(self) -> None:
        self.body = feed("Sleep and settling", "Crying and comfort")
        self.status = 200
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(server.status)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer()
    yield running
    running.close()


def count(library: Library) -> int:
    with library.db.session() as session:
        return catalogue.resource_count(session)


def test_a_feed_address_imports_its_entries_and_is_remembered(
    library: Library, server: FeedServer
) -> None:
    outcome = import_source(library, server.url)
    assert (outcome.status, outcome.format, outcome.added) == ("imported", "feed", 2)
    with library.db.session() as session:
        assert [s.url for s in subscriptions(session)] == [server.url]


def test_refresh_adds_new_entries_and_keeps_user_data(library: Library, server: FeedServer) -> None:
    import_source(library, server.url)
    with library.db.session() as session:
        uid = next(u for u in catalogue.all_uids(session) if "sleep-and-settling" in u)
        user_data.set_bookmark(session, uid, "Share with the team.")
    server.body = feed("Sleep and settling", "Crying and comfort", "Feeding and closeness")
    [outcome] = refresh_subscriptions(library)
    # The two entries sent again as they were are not counted as updated.
    assert (outcome.added, outcome.updated, outcome.error) == (1, 0, None)
    with library.db.session() as session:
        assert user_data.bookmark(session, uid).note == "Share with the team."


def test_refresh_counts_as_updated_only_what_changed(library: Library, server: FeedServer) -> None:
    import_source(library, server.url)
    server.body = feed("Sleep and settling", "Crying and comfort")
    [again] = refresh_subscriptions(library)
    assert (again.added, again.updated) == (0, 0)
    server.body = feed("Sleep and settling", "Crying and comfort", summary="Revised notes.")
    [revised] = refresh_subscriptions(library)
    assert (revised.added, revised.updated) == (0, 2)


def test_refresh_reports_a_feed_that_is_down(library: Library, server: FeedServer) -> None:
    import_source(library, server.url)
    server.status = 503
    [outcome] = refresh_subscriptions(library)
    assert "503" in (outcome.error or "")
    with library.db.session() as session:
        assert subscriptions(session)[0].last_error == outcome.error


def test_rejected_sources_change_nothing(library: Library, tmp_path: Path) -> None:
    before = count(library)
    for name, data in (
        ("empty.xml", b""),
        ("noise.bin", bytes(range(256)) * 8),
        ("broken.rss", b"<?xml version='1.0'?><rss><channel><title>x"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        outcome = import_source(library, str(path))
        assert outcome.status == "rejected", name
        assert outcome.error and outcome.error.endswith(".") and "\n" not in outcome.error
    assert import_source(library, str(tmp_path / "missing.csv")).status == "rejected"
    assert count(library) == before


def test_an_unreachable_address_is_rejected_in_one_sentence(library: Library) -> None:
    outcome = import_source(library, "http://127.0.0.1:9/feed.xml")
    assert outcome.status == "rejected"
    assert outcome.error.startswith("http://127.0.0.1:9/feed.xml could not be reached")
