"""Transcripts and chapters a podcast feed names: fetched once, kept, searchable offline."""

from __future__ import annotations

import urllib.error
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from resources_db import catalogue, fetching
from resources_db.importing import import_source, refresh_subscriptions
from resources_db.library import Library
from resources_db.transcripts import store
from resources_db.transcripts.collect import Refusal, collect
from resources_db.transcripts.feed_links import item_media
from resources_db.transcripts.links import EpisodeMedia, TranscriptLink
from resources_db.transcripts.model import Chapter
from search_index.sync import LibraryIndex
from tests.transcript_feed import (
    FIXTURES,
    PHRASE,
    PHRASE_SPEAKER,
    PHRASE_START,
    TranscriptFeedServer,
)


@pytest.fixture
def server() -> Iterator[TranscriptFeedServer]:
    running = TranscriptFeedServer()
    yield running
    running.close()


def _uid(library: Library, title: str) -> str:
    with library.db.session() as session:
        uids = catalogue.all_uids(session)
        titles = catalogue.titles(session, uids)
    return next(uid for uid, name in titles.items() if name == title)


def test_the_feed_lists_several_transcripts_under_either_namespace(
    server: TranscriptFeedServer,
) -> None:
    media = item_media(server.files["/feed.xml"][0])
    assert media is not None and len(media) == 3
    assert [link.url.rsplit("/", 1)[-1] for link in media[0].transcripts] == [
        "12-broken.vtt",
        "12.html",
        "12.vtt",
    ]
    assert media[0].transcripts[2] == TranscriptLink(
        f"{server.base}/t/12.vtt", "text/vtt", "en-GB", "captions"
    )
    # The older namespace URI under another prefix, attribute names in capitals.
    assert media[1].transcripts == [
        TranscriptLink(f"{server.base}/t/13.json", "application/json", "en")
    ]
    assert media[1].inline_chapters == [Chapter(0.0, "Welcome"), Chapter(40.25, "Much later")]
    assert media[2].inline_from == "show notes"
    assert [c.title for c in media[2].inline_chapters] == [
        "Welcome",
        "Night waking",
        "Questions from listeners",
    ]


def test_import_keeps_the_best_transcript_and_finds_it_offline(
    library: Library, server: TranscriptFeedServer
) -> None:
    outcome = import_source(library, server.url)
    assert (outcome.status, outcome.added) == ("imported", 3)
    assert (outcome.transcripts, outcome.chapters) == (2, 3)
    assert "Kept for offline use: 2 transcripts, 3 chapter lists" in outcome.text()
    # The broken WebVTT was passed over for the next timed one; HTML was not needed.
    assert server.requests["/t/12-broken.vtt"] == 1
    assert server.requests["/t/12.vtt"] == 1
    assert server.requests["/t/12.html"] == 0
    assert not any(path.startswith("/img") for path in server.requests)
    episode = _uid(library, "Rupture and repair")
    with library.db.session() as session:
        kept = store.transcript_of(session, episode)
        assert kept is not None
        assert (kept.source_kind, kept.format, kept.language) == ("publisher", "vtt", "en-GB")
        assert kept.source_url == f"{server.base}/t/12.vtt"
        assert store.chapters_of(session, episode)[1].title == "What is rupture and repair?"
        fathers = store.transcript_of(session, _uid(library, "Perinatal depression in fathers"))
        assert fathers is not None and fathers.format == "json"
        sleep = _uid(library, "Sleep in the first year")
        assert store.transcript_of(session, sleep) is None  # its only transcript was missing
        assert [c.start for c in store.chapters_of(session, sleep)] == [0.0, 150.0, 600.0]

    server.close()  # offline from here on
    index = LibraryIndex(library)
    try:
        index.ensure_ready()
        found = index.search(PHRASE)
        assert found.hits[0].uid == episode
        [moment] = found.hits[0].moments
        assert (moment.start, moment.speaker) == (PHRASE_START, PHRASE_SPEAKER)
        assert "<b>serve</b> and <b>return</b>" in moment.snippet
        # Words of a chapter title are moments too.
        listeners = index.search("listeners questions")
        sleep_hit = next(hit for hit in listeners.hits if hit.uid == sleep)
        assert sleep_hit.moments[0].start == 600.0
    finally:
        index.close()


def test_refresh_does_not_fetch_a_kept_transcript_again(
    library: Library, server: TranscriptFeedServer
) -> None:
    import_source(library, server.url)
    [outcome] = refresh_subscriptions(library)
    assert outcome.error is None
    assert server.requests["/t/12.vtt"] == 1
    assert server.requests["/t/13.json"] == 1


def test_a_changed_transcript_is_noticed_when_checked_again(
    library: Library, server: TranscriptFeedServer
) -> None:
    import_source(library, server.url)
    episode = _uid(library, "Perinatal depression in fathers")
    changed = (FIXTURES / "episode.srt").read_bytes()
    server.files["/t/13.json"] = (changed, "application/x-subrip")  # now SRT at the same address
    media = EpisodeMedia(transcripts=[TranscriptLink(f"{server.base}/t/13.json")])
    later = datetime.now() + timedelta(days=31)
    assert collect(library, [(episode, media)], now=later).transcripts == 1
    with library.db.session() as session:
        assert store.transcript_of(session, episode).format == "srt"  # type: ignore[union-attr]


def test_offline_import_tries_each_server_once_and_keeps_the_feed(library: Library) -> None:
    calls: list[str] = []

    def unreachable(url: str, _limit: int) -> fetching.Fetched:
        calls.append(url)
        raise fetching.FetchError(f"{url} could not be reached.") from urllib.error.URLError("down")

    episodes = [
        (f"ep/{n}", EpisodeMedia(transcripts=[TranscriptLink(f"http://10.0.0.1/{n}.vtt")]))
        for n in range(5)
    ]
    found = collect(library, episodes, fetch=unreachable)
    assert found.transcripts == 0 and len(calls) == 1


def test_a_file_over_the_cap_does_not_skip_the_rest_of_its_server(library: Library) -> None:
    small = (FIXTURES / "episode.srt").read_bytes()

    def served(url: str, limit: int) -> fetching.Fetched:
        if url.endswith("huge.vtt"):
            raise fetching.FetchError(f"{url} is larger than {limit // 2**20} MB.")
        return fetching.Fetched(url, small, "application/x-subrip")

    host = "http://podcast.example.org"
    episodes = [
        ("ep/1", EpisodeMedia(transcripts=[TranscriptLink(f"{host}/1-huge.vtt", "text/vtt"),
                                           TranscriptLink(f"{host}/1.srt", "text/srt")])),
        ("ep/2", EpisodeMedia(transcripts=[TranscriptLink(f"{host}/2.srt", "text/srt")])),
    ]  # fmt: skip
    found = collect(library, episodes, fetch=served)
    assert found.transcripts == 2  # the first episode's SRT and the second's were still fetched
    assert found.refused == [
        Refusal("ep/1", "transcript", f"{host}/1-huge.vtt is larger than 16 MB; another "
                "transcript was kept.")
    ]  # fmt: skip


def test_a_sidecar_beside_local_audio_comes_with_the_feed(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    (folder / "audio").mkdir(parents=True)
    (folder / "audio" / "talk.mp3").write_bytes(b"ID3 not really audio")
    (folder / "audio" / "talk.srt").write_bytes((FIXTURES / "episode.srt").read_bytes())
    (folder / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Team recordings</title>'
        "<item><title>Team talk</title><guid>talk-1</guid>"
        '<enclosure url="audio/talk.mp3" type="audio/mpeg" length="20"/></item>'
        "</channel></rss>",
        "utf-8",
    )
    outcome = import_source(library, str(folder / "feed.xml"))
    assert outcome.status == "imported" and outcome.transcripts == 1
    with library.db.session() as session:
        kept = store.transcript_of(session, _uid(library, "Team talk"))
    assert kept is not None and (kept.source_kind, kept.format) == ("file", "srt")
