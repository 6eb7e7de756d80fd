"""The transcript feed of ``tests.transcript_feed`` turned hostile, as a new user met it:
files the feed names that must be refused, and the sentences that say so.

At import, episode 13's only transcript is an HTML entity bomb and episode 12's
chapters are over the 2 MB cap. Before the refresh, episode 12's feed names a
second bomb in place of the WebVTT kept at import, and its HTML has gone.
"""

from __future__ import annotations

from resources_db.transcripts.text import MAX_CHAPTERS_BYTES
from tests.transcript_feed import TranscriptFeedServer

BOMB = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE html [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    b"<html><body><cite>Evil:</cite><time>0:01</time><p>&lol2;</p></body></html>"
)
OVERSIZE_CHAPTERS = b'{"version": "1.2.0", "chapters": [' + b" " * MAX_CHAPTERS_BYTES + b"]}"
EPISODE_13 = "Perinatal depression in fathers"
EPISODE_14 = "Sleep in the first year"


def bomb_sentence(name: str) -> str:
    return f"{name} declares XML entities, which IMH Library refuses."


def make_hostile(server: TranscriptFeedServer) -> None:
    feed = server.files["/feed.xml"][0].replace(
        b'/t/13.json" Type="application/json"', b'/t/13.html" Type="text/html"'
    )
    server.files["/feed.xml"] = (feed, "application/rss+xml")
    server.files["/t/13.html"] = (BOMB, "text/html")
    server.files["/t/12-chapters.json"] = (OVERSIZE_CHAPTERS, "application/json")


def replace_the_kept_transcript(server: TranscriptFeedServer) -> None:
    feed = server.files["/feed.xml"][0].replace(
        b'/t/12.vtt" type="text/vtt"', b'/t/12-v2.html" type="text/html"'
    )
    assert b"12-v2.html" in feed
    server.files["/feed.xml"] = (feed, "application/rss+xml")
    server.files["/t/12-v2.html"] = (BOMB, "text/html")
    del server.files["/t/12.html"]
