"""Each transcript or chapters file a feed names that is refused or cannot be fetched
is reported, naming its episode, at import and at every refresh (it was dropped)."""

from __future__ import annotations

from resources_db import catalogue
from resources_db.importing import import_source, refresh_subscriptions
from resources_db.library import Library
from resources_db.transcripts import store
from resources_db.transcripts.report import NotKept, not_kept_lines, not_kept_sentence
from tests.not_kept_feed import (  # hostile_feed: the hostile feed, a fixture
    EPISODE_13,
    EPISODE_14,
    bomb_sentence,
    replace_the_kept_transcript,
)
from tests.transcript_feed import EPISODE_12, TranscriptFeedServer


def _episode_12(library: Library) -> str:
    with library.db.session() as session:
        titles = catalogue.titles(session, catalogue.all_uids(session))
    return next(uid for uid, title in titles.items() if title == EPISODE_12)


def test_import_names_each_file_not_kept_and_why(
    library: Library, hostile_feed: TranscriptFeedServer
) -> None:
    outcome = import_source(library, hostile_feed.url)
    base = hostile_feed.base
    assert outcome.not_kept == [
        NotKept(EPISODE_12, "transcript",
                "12-broken.vtt holds no cues; another transcript was kept."),
        NotKept(EPISODE_12, "chapters", f"{base}/t/12-chapters.json is larger than 2 MB."),
        NotKept(EPISODE_13, "transcript", bomb_sentence("13.html")),
        NotKept(EPISODE_14, "transcript",
                f"{base}/t/missing.vtt answered with HTTP 404 (Not Found)."),
    ]  # fmt: skip
    text = outcome.text()
    assert "  Not kept for offline use: 4 transcript and chapters files\n" in text
    assert f"    {EPISODE_13}: {bomb_sentence('13.html')}" in text.split("\n")
    assert set(outcome.as_json()) == {
        "source", "format", "status", "added", "updated", "error", "skipped", "collections",
    }  # fmt: skip


def test_a_refresh_says_the_bomb_was_refused_and_the_kept_transcript_stays(
    library: Library, hostile_feed: TranscriptFeedServer
) -> None:
    import_source(library, hostile_feed.url)
    episode = _episode_12(library)
    with library.db.session() as session:
        before = store.transcript_of(session, episode)
    replace_the_kept_transcript(hostile_feed)

    [outcome] = refresh_subscriptions(library)
    assert outcome.error is None
    assert (
        NotKept(
            EPISODE_12,
            "transcript",
            "12-v2.html declares XML entities, which IMH Library refuses; "
            "the transcript kept before stays.",
        )
        in outcome.not_kept
    )
    assert NotKept(EPISODE_13, "transcript", bomb_sentence("13.html")) in outcome.not_kept
    assert len(outcome.not_kept) == 6
    lines = outcome.text().split("\n")
    assert lines[1] == "  Not kept for offline use: 6 transcript and chapters files"
    assert lines[-1] == "    and 1 more"
    assert set(outcome.as_json()) == {"url", "title", "added", "updated", "error", "binned"}
    with library.db.session() as session:
        after = store.transcript_of(session, episode)
    assert after is not None and before is not None
    assert (after.source_url, after.cues) == (before.source_url, before.cues)


def test_the_count_names_the_kinds_of_file() -> None:
    one = [NotKept("Ep", "chapters", "c.json holds no chapters.")]
    assert not_kept_sentence(one) == "1 chapters file was not kept."
    assert not_kept_sentence([]) == "" and not_kept_lines([]) == []
    many = [NotKept(f"Ep {n}", "transcript", f"{n}.vtt holds no cues.") for n in range(7)]
    assert not_kept_sentence(many) == "7 transcript files were not kept."
    assert not_kept_lines(many, indent="") == [
        "Not kept for offline use: 7 transcript files",
        *[f"  Ep {n}: {n}.vtt holds no cues." for n in range(5)],
        "  and 2 more",
    ]
