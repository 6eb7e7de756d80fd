"""RSS, Atom and podcast feeds become blog posts / episodes with plain-text fields."""

from __future__ import annotations

from datetime import date

import pytest

from resources_db.importers import FeedInfo, ImportRejected, parse_source
from resources_db.importers.feeds import parse_duration
from tests.resources_db.importers import FIXTURES, assert_one_sentence, by_title, parse_fixture


def test_rss_blog_entries() -> None:
    parsed = parse_fixture("blog.rss")
    assert parsed.format == "feed"
    assert parsed.feeds == [
        FeedInfo(
            "https://parentinfantfoundation.org.uk/feed/", "Parent-Infant Foundation Blog", "feed"
        )
    ]
    entries = by_title(parsed)
    assert len(entries) == 3
    post = entries["Why babies’ mental health matters"]
    assert post["uid"] == "feed:https://parentinfantfoundation.org.uk/?p=1201"
    assert post["kind"] == "blog post"
    assert post["authors"] == ["Sally Hogg"]
    assert post["published"] == date(2020, 6, 8)
    assert post["source"] == "Parent-Infant Foundation Blog"
    assert post["topics"] == ["Infant mental health", "IMHAW"]
    assert post["formats"] == ["text"]
    assert post["url"].startswith("https://parentinfantfoundation.org.uk/why-babies")
    # Full content, as plain text with its paragraphs; no markup or script survives.
    assert post["body"].startswith("Relationships come first\n\nBabies’ early relationships")
    assert "\n\nWhen parents are supported, babies thrive." in post["body"]
    assert "<" not in post["body"] and "alert" not in post["body"]
    assert post["summary"] == "Babies’ early relationships shape their developing brains."


def test_rss_entry_without_guid_or_date() -> None:
    entry = by_title(parse_fixture("blog.rss"))["Commissioning parent-infant teams"]
    # No guid: the link, normalised (fragment dropped, trailing slash dropped).
    assert entry["uid"] == (
        "feed:https://parentinfantfoundation.org.uk/commissioning-parent-infant-teams"
    )
    assert entry["published"] is None  # "not a date at all" is left empty, not an error
    assert entry["summary"] == "A short guide for commissioners & leaders."


def test_atom_feed() -> None:
    parsed = parse_fixture("news.atom")
    assert parsed.feeds == [
        FeedInfo("https://first1001days.org.uk/atom.xml", "First 1001 Days Movement", "feed")
    ]
    entries = by_title(parsed)
    assert len(entries) == 2
    post = entries["Working for Babies: Lockdown Lessons"]
    assert post["uid"] == "feed:tag:first1001days.org.uk,2021:lockdown-lessons"
    assert post["authors"] == ["Sally Hogg", "Jane Example"]
    assert post["topics"] == ["policy", "COVID-19"]
    assert post["published"] == date(2020, 11, 12)
    assert post["body"] == (
        "Services for babies were redeployed during lockdown.\n\n"
        "Many families went without support."
    )
    assert post["summary"] == "What the pandemic taught us about services for babies."
    video = entries["Video: what is infant mental health?"]
    assert video["kind"] == "video" and video["formats"] == ["video"]
    assert video["published"] == date(2021, 2, 1)  # only <updated> is given


def test_podcast_feed() -> None:
    parsed = parse_fixture("podcast.rss")
    assert parsed.feeds == [
        FeedInfo("https://example.org/podcast/feed.xml", "The Baby Brain Podcast", "podcast")
    ]
    episodes = by_title(parsed)
    assert len(episodes) == 3
    twelve = episodes["Episode 12: Perinatal mental health"]
    assert twelve["kind"] == "podcast episode"
    assert twelve["uid"] == "feed:baby-brain-ep-12"
    assert twelve["media_url"] == "https://cdn.example.org/audio/ep12.mp3"
    assert (twelve["duration_seconds"], twelve["episode"], twelve["season"]) == (3723, 12, 2)
    assert twelve["formats"] == ["audio"]
    assert twelve["authors"] == ["Dr Amy Presenter"]  # the show's author
    assert twelve["body"] == "We talk to a perinatal psychiatrist."
    eleven = episodes["Episode 11: Fathers"]
    assert eleven["duration_seconds"] == 3723
    assert eleven["summary"] == "Dads and the transition to parenthood."
    trailer = episodes["Trailer"]
    assert (trailer["duration_seconds"], trailer["episode"], trailer["season"]) == (95, None, None)


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("1:02:03", 3723), ("62:03", 3723), ("3723", 3723), ("", None), ("soon", None), (None, None)],
)
def test_durations(raw: str | None, seconds: int | None) -> None:
    assert parse_duration(raw) == seconds


def test_audio_enclosure_makes_an_episode_without_itunes() -> None:
    data = b"""<rss version="2.0"><channel><title>Talks</title>
    <item><title>Talk one</title><guid>t1</guid>
    <enclosure url="https://a.org/t1.mp3" type="audio/mpeg" length="1"/></item>
    </channel></rss>"""
    parsed = parse_source(data, "talks.xml", "feed")
    assert parsed.feeds[0].kind == "podcast"
    assert parsed.pack.resources[0].fields["kind"] == "podcast episode"


def test_an_item_whose_guid_is_no_address_gets_no_link() -> None:
    """Found by a new user: feedparser makes a guid the item's link, so an episode
    with guid "w1" showed "Link: w1"; a guid that is an address is still the link."""
    data = b"""<rss version="2.0"><channel><title>Talks</title>
    <item><title>Talk one</title><guid>w1</guid>
    <enclosure url="https://a.org/t1.mp3" type="audio/mpeg" length="1"/></item>
    <item><title>Talk two</title><guid>https://a.org/talks/2</guid>
    <enclosure url="https://a.org/t2.mp3" type="audio/mpeg" length="1"/></item>
    </channel></rss>"""
    talks = {r.fields["title"]: r for r in parse_source(data, "talks.xml", "feed").pack.resources}
    assert talks["Talk one"].fields["url"] == ""
    assert talks["Talk two"].fields["url"] == "https://a.org/talks/2"


def test_slightly_broken_feed_with_entries_is_accepted() -> None:
    data = (FIXTURES / "blog.rss").read_bytes().replace(b"</channel>\n</rss>", b"")
    parsed = parse_source(data, "blog.rss", "feed")
    assert len(parsed.pack.resources) == 3


def test_feed_with_no_entries_and_errors_is_rejected() -> None:
    data = (FIXTURES / "blog.rss").read_bytes()[:300]
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "blog.rss", "feed")
    assert str(caught.value) == "blog.rss is not a readable feed (it has no entries)."


def test_valid_empty_feed_is_a_subscription_without_resources() -> None:
    data = b'<rss version="2.0"><channel><title>Quiet blog</title></channel></rss>'
    parsed = parse_source(data, "quiet.rss", "feed")
    assert parsed.pack.resources == []
    assert parsed.feeds[0].title == "Quiet blog"


def test_billion_laughs_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title>
<item><title>&lol3;</title></item></channel></rss>"""
    with pytest.raises(ImportRejected) as caught:
        parse_source(bomb, "bomb.rss", "feed")
    assert "entities" in str(caught.value)
    assert_one_sentence(str(caught.value))
    with pytest.raises(ImportRejected):  # the same trick in UTF-16
        parse_source(bomb.decode().encode("utf-16"), "bomb.rss", "feed")


def test_duplicate_guids_keep_the_first_entry() -> None:
    item = b"<item><title>%s</title><guid>same</guid></item>"
    data = (
        b'<rss version="2.0"><channel><title>T</title>'
        + item % b"A"
        + item % b"B"
        + (b"</channel></rss>")
    )
    parsed = parse_source(data, "dupes.rss", "feed")
    assert [r.fields["title"] for r in parsed.pack.resources] == ["A"]
