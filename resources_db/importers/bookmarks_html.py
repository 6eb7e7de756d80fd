"""Browser bookmarks exported as Netscape bookmark HTML (Firefox, Chrome, Edge, Safari).

Each http(s) link becomes a resource ("video" for YouTube/Vimeo, "blog post"
for blog-like addresses, otherwise "report") with the "web page" format. The
folders it sits in become its topics (the browsers' own toolbar/menu folders
are left out); ADD_DATE (unix seconds) is its published date; a <DD> after
the link is its summary; Firefox's TAGS are topics too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from resources_db.importers.common import (
    ImportRejected,
    build_pack,
    decode_text,
    display_name,
    plain,
)
from resources_db.importers.identity import link_identity
from resources_db.importers.model import ParsedSource
from resources_db.importers.uids import best_uid
from resources_db.packs import PackResource, new_resource

_BROWSER_FOLDERS = frozenset(
    {
        "bookmarks bar",
        "bookmarks toolbar",
        "bookmarks menu",
        "other bookmarks",
        "mobile bookmarks",
        "favorites bar",
        "favourites bar",
        "unsorted bookmarks",
    }
)
_BROWSER_FOLDER_FLAGS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")
_VIDEO = re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/", re.I)
_BLOG = re.compile(
    r"^https?://[^/]*(?:blog|medium\.com|substack\.com|wordpress\.com)|/blogs?(?:/|$)", re.I
)


@dataclass
class _Link:
    url: str
    added: str
    tags: str
    folders: list[str]
    title_parts: list[str] = field(default_factory=list)
    description_parts: list[str] = field(default_factory=list)


class _BookmarkParser(HTMLParser):
    """Tracks the folder stack: an <H3> names the <DL> that follows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self.folders: list[str | None] = []
        self.pending_folder: str | None = None
        self.heading: list[str] | None = None
        self.heading_is_browser = False
        self.anchor: _Link | None = None
        self.description: _Link | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key.lower(): value or "" for key, value in attrs}
        if tag in ("dt", "dl", "h3", "a"):
            self.description = None  # a <DD> runs until the next entry starts
        if tag == "h3":
            self.heading = []
            self.heading_is_browser = any(flag in attributes for flag in _BROWSER_FOLDER_FLAGS)
        elif tag == "dl":
            self.folders.append(self.pending_folder)
            self.pending_folder = None
        elif tag == "a":
            folders = [name for name in self.folders if name]
            self.anchor = _Link(
                attributes.get("href", ""), attributes.get("add_date", ""), "", folders
            )
            self.anchor.tags = attributes.get("tags", "")
        elif tag == "dd" and self.links:
            self.description = self.links[-1]

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self.heading is not None:
            name = plain("".join(self.heading))
            browser = self.heading_is_browser or name.casefold() in _BROWSER_FOLDERS
            self.pending_folder = None if browser else name
            self.heading = None
        elif tag == "dl" and self.folders:
            self.folders.pop()
        elif tag == "a" and self.anchor is not None:
            self.links.append(self.anchor)
            self.anchor = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)
        elif self.anchor is not None:
            self.anchor.title_parts.append(data)
        elif self.description is not None:
            self.description.description_parts.append(data)


def parse_bookmarks(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    text = decode_text(data)
    parser = _BookmarkParser()
    parser.feed(text)
    parser.close()
    resources = [item for item in map(_resource, parser.links) if item is not None]
    if not resources:
        raise ImportRejected(f"{label} holds no web links to import.")
    merged = _merge(resources)
    # The same page bookmarked twice is one resource, but a library resource
    # with that link is the same one only when its title matches too.
    identities = {r.uid: link_identity(r.uid, r.fields["title"]) for r in merged}
    pack = build_pack(f"bookmarks:{label}", label, merged)
    return ParsedSource("bookmarks", pack, [], identities=identities)


def _resource(link: _Link) -> PackResource | None:
    url = link.url.strip()
    # Only web links: javascript:, place:, file: and data: links mean nothing elsewhere.
    if not url.lower().startswith(("http://", "https://")):
        return None
    title = plain("".join(link.title_parts)) or url
    kind = "video" if _VIDEO.match(url) else "blog post" if _BLOG.search(url) else "report"
    topics = [*link.folders, *(tag for tag in link.tags.split(",") if tag.strip())]
    return new_resource(
        best_uid(title, url=url),
        kind,
        title,
        summary=plain("".join(link.description_parts)),
        url=url,
        published=_unix_date(link.added),
        topics=list(dict.fromkeys(topics)),
        formats=["web page"],
    )


def _merge(resources: list[PackResource]) -> list[PackResource]:
    """One resource per link: the same page bookmarked in two folders gets both as topics."""
    first: dict[str, PackResource] = {}
    for resource in resources:
        kept = first.setdefault(resource.uid, resource)
        if kept is not resource:
            topics = kept.fields["topics"] + resource.fields["topics"]
            kept.fields["topics"] = list(dict.fromkeys(topics))
    return list(first.values())


def _unix_date(value: str) -> date | None:
    text = value.strip()
    if not text.isdigit():
        return None
    seconds = int(text)
    if seconds > 10**11:  # some exporters write microseconds or milliseconds
        seconds //= 1_000_000 if seconds > 10**14 else 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
