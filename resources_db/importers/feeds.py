"""RSS, Atom and RDF feeds (blogs and podcasts), parsed from bytes with feedparser.

A blog entry becomes a "blog post" whose body is the entry's full content as
plain text; a podcast item (the feed uses the iTunes namespace, or the item
has an audio enclosure) becomes a "podcast episode" with its media URL,
duration, episode and season. The feed itself is returned as a subscription.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import feedparser

from resources_db.importers.common import (
    ImportRejected,
    display_name,
    html_to_text,
    plain,
    shorten,
)
from resources_db.importers.feed_currency import feed_currency
from resources_db.importers.identity import Identity, UidAssigner, link_identity, strong_identity
from resources_db.importers.model import FeedInfo, ParsedSource, Skipped
from resources_db.importers.uids import feed_uid
from resources_db.packs import PackResource, new_resource
from resources_db.transcripts.feed_links import item_media
from resources_db.transcripts.links import EpisodeMedia

_WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_VIDEO_HOSTS = re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/", re.I)


def reject_entities(data: bytes, name: str) -> None:
    """Refuse entity declarations outright: they are how billion-laughs bombs work."""
    lowered = data.lower()
    if lowered.startswith((b"\xff\xfe", b"\xfe\xff")):
        lowered = data.decode("utf-16", errors="replace").lower().encode("utf-8")
    if b"<!entity" in lowered:
        raise ImportRejected(
            f"{display_name(name)} declares XML entities, which IMH Library refuses for safety."
        )


def parse_feed(data: bytes, name: str) -> ParsedSource:
    reject_entities(data, name)
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    except (UnicodeError, LookupError) as error:
        raise ImportRejected(
            f"{display_name(name)} is not a readable feed (its text encoding is broken)."
        ) from error
    entries = list(parsed.entries)
    if not entries and (parsed.bozo or not parsed.version):
        raise ImportRejected(f"{display_name(name)} is not a readable feed (it has no entries).")
    feed = parsed.feed
    title = plain(feed.get("title")) or display_name(name)
    podcast = _is_podcast(parsed)
    assigner = UidAssigner()
    skipped = []
    media = _media_by_entry(data, len(entries))
    currency = feed_currency(data, entries)  # superseded, withdrawn, retracted; tombstones
    episode_media: list[tuple[PackResource, EpisodeMedia]] = []
    for number, entry in enumerate(entries, 1):
        resource = _entry_resource(entry, title, podcast, feed)
        if resource is None:
            skipped.append(Skipped(number, "it has no title and no text"))
        else:
            currency.mark(resource, number - 1, entry)
            assigner.add(number, _identity(entry, resource), resource, noun="entry")
            if (
                resource.fields["kind"] in ("podcast episode", "video")
                and not media[number - 1].empty
            ):
                episode_media.append((resource, media[number - 1]))
    info = FeedInfo(url=_self_link(feed), title=title, kind="podcast" if podcast else "feed")
    return ParsedSource(
        format="feed",
        pack=currency.with_tombstones(
            assigner.pack(f"feed:{info.url or display_name(name)}", title)
        ),
        feeds=[info],
        skipped=sorted([*skipped, *assigner.skipped], key=lambda item: item.row),
        identities=assigner.identities(),
        episode_media=episode_media,
    )


def _media_by_entry(data: bytes, count: int) -> list[EpisodeMedia]:
    """Each entry's transcripts and chapters (feedparser keeps only one of each), read
    from the XML again; none when the items cannot be lined up with the entries."""
    media = item_media(data)
    if media is None or len(media) != count:
        return [EpisodeMedia() for _ in range(count)]
    return media


def _identity(entry: Any, resource: PackResource) -> Identity:
    """A GUID is the entry; a link with no GUID is the entry only with the same title."""
    if str(entry.get("id") or "").strip() or not str(entry.get("link") or "").strip():
        return strong_identity(resource.uid, "GUID")
    return link_identity(resource.uid, resource.fields["title"])


def _is_podcast(parsed: Any) -> bool:
    if "itunes" in (parsed.get("namespaces") or {}):
        return True
    return any(_audio_enclosure(entry) for entry in parsed.entries)


def _audio_enclosure(entry: Any) -> str:
    for enclosure in entry.get("enclosures") or []:
        kind = str(enclosure.get("type") or "")
        href = str(enclosure.get("href") or "")
        if href and (kind.startswith("audio/") or href.lower().endswith((".mp3", ".m4a"))):
            return href
    return ""


def _self_link(feed: Any) -> str:
    for link in feed.get("links") or []:
        if link.get("rel") == "self" and link.get("href"):
            return str(link["href"]).strip()
    return ""


def _entry_resource(entry: Any, source: str, podcast: bool, feed: Any) -> PackResource | None:
    content = entry.get("content") or []
    raw_body = content[0].get("value", "") if content else entry.get("summary", "")
    body = html_to_text(raw_body or "")
    summary_text = html_to_text(entry.get("summary", "") or "")
    title = plain(entry.get("title")) or shorten(body, 80)
    if not title:
        return None  # nothing to show the user or to search by
    # feedparser gives an item with no link its guid as one, web address or not
    # ("w1"); any http(s) address stays, an intranet host without dots too.
    link = str(entry.get("link") or "").strip()
    if not _WEB_ADDRESS.match(link):
        link = ""
    media_url = _audio_enclosure(entry)
    episode = podcast or bool(media_url)
    kind = "podcast episode" if episode else "video" if _VIDEO_HOSTS.match(link) else "blog post"
    values: dict[str, Any] = {
        "summary": shorten(summary_text or body),
        "body": body,
        "url": link,
        "source": source,
        "published": _entry_date(entry),
        "authors": _authors(entry) or (_authors(feed) if episode else []),
        "topics": [plain(tag.get("term") or tag.get("label")) for tag in entry.get("tags") or []],
        "formats": {"podcast episode": ["audio"], "video": ["video"]}.get(kind, ["text"]),
    }
    if episode:
        values["media_url"] = media_url
        values["duration_seconds"] = parse_duration(entry.get("itunes_duration"))
        values["episode"] = _whole_number(entry.get("itunes_episode"))
        values["season"] = _whole_number(entry.get("itunes_season"))
    uid = feed_uid(str(entry.get("id") or ""), link, f"{source}|{title}")
    return new_resource(uid, kind, title, **values)


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: feedparser's own get() maps updated->published with a DeprecationWarning.
        stamp = dict.get(entry, key)
        if stamp:
            try:
                return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _authors(item: Any) -> list[str]:
    names = [plain(author.get("name")) for author in item.get("authors") or []]
    names = [name for name in names if name]
    if not names and item.get("author"):
        names = [plain(item.get("author"))]
    return names


def parse_duration(value: Any) -> int | None:
    """Seconds from itunes:duration: "1:02:03", "62:03" or "3723"; None when unreadable."""
    text = str(value or "").strip()
    if not re.fullmatch(r"\d+(?::\d{1,2}){0,2}(?:\.\d+)?", text):
        return None
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(float(part))
    return seconds


def _whole_number(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 9 else None
