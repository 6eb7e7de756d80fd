"""The result an importer hands back: a pack to write, feeds to remember, rows left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from resources_db.packs import Pack, PackResource

if TYPE_CHECKING:
    from resources_db.importers.identity import Identity
    from resources_db.transcripts.links import EpisodeMedia


@dataclass
class FeedInfo:
    """A subscription to remember: a feed itself, or each feed an OPML list names."""

    url: str
    title: str
    kind: str  # "feed" or "podcast"


@dataclass(frozen=True)
class Skipped:
    """A row (CSV), entry (JSON, feed) or reference (RIS) left out, and why."""

    row: int
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"row": self.row, "reason": self.reason}


@dataclass
class ParsedSource:
    format: str
    pack: Pack
    feeds: list[FeedInfo] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Resources known only by a link or a title: their uids are settled against
    # the library when the pack is written (see importers.identity).
    identities: dict[str, Identity] = field(default_factory=dict)
    # Episodes' transcripts and chapters as a feed lists them: fetched once the pack
    # is written, under the uids the resources end up with.
    episode_media: list[tuple[PackResource, EpisodeMedia]] = field(default_factory=list)
