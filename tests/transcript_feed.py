"""A podcast feed with transcripts and chapters, served on 127.0.0.1 by the test itself.

Every file is one written for these tests (tests/fixtures/transcripts). The
server counts requests per path, so a test can tell what was fetched, how
often, and that nothing it must not fetch (a chapter's image) was asked for.
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
FEED_PATH = "/feed.xml"
# The spoken phrase the tests search for, and where it is (episode 12's WebVTT).
PHRASE = '"serve and return"'
PHRASE_START = 9.25
PHRASE_SPEAKER = "Ben Okafor"
EPISODE_12 = "Rupture and repair"


class TranscriptFeedServer:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.requests: Counter[str] = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests[self.path] += 1
                found = server.files.get(self.path)
                if found is None:
                    self.send_error(404)
                    return
                body, kind = found
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.base + FEED_PATH
        self._serve_fixtures()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def _serve_fixtures(self) -> None:
        feed = (FIXTURES / "feed.xml").read_text("utf-8").replace("{base}", self.base)
        chapters = (FIXTURES / "chapters.json").read_text("utf-8")
        chapters = chapters.replace("http://127.0.0.1:9", self.base)  # an image it must not fetch
        self.files = {
            FEED_PATH: (feed.encode("utf-8"), "application/rss+xml"),
            "/t/12-broken.vtt": (b"WEBVTT\n\nthis file lost its cues\n", "text/vtt"),
            "/t/12.vtt": ((FIXTURES / "episode.vtt").read_bytes(), "text/vtt"),
            "/t/12.html": ((FIXTURES / "episode.html").read_bytes(), "text/html"),
            "/t/12-chapters.json": (chapters.encode("utf-8"), "application/json"),
            "/t/13.json": ((FIXTURES / "episode.json").read_bytes(), "application/json"),
        }

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
