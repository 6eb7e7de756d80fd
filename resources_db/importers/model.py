"""The result an importer hands back: a pack to write and feeds to remember."""

from __future__ import annotations

from dataclasses import dataclass, field

from resources_db.packs import Pack


@dataclass
class FeedInfo:
    """A subscription to remember: a feed itself, or each feed an OPML list names."""

    url: str
    title: str
    kind: str  # "feed" or "podcast"


@dataclass
class ParsedSource:
    format: str
    pack: Pack
    feeds: list[FeedInfo] = field(default_factory=list)
