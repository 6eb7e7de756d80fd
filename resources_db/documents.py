"""Plain, detached views of catalogue rows that other layers consume.

The search index and the command line never see SQLAlchemy objects: they get
these frozen dataclasses, built inside a session and safe to use after it
closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from resources_db.transcripts.model import Spoken


@dataclass(frozen=True, slots=True)
class ResourceDocument:
    """Everything the search index needs to know about one resource."""

    uid: str
    kind: str  # one of resources_db.kinds.KINDS, e.g. "podcast episode"
    title: str
    summary: str = ""
    body: str = ""
    url: str = ""
    authors: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # practitioner, commissioner, parent, policy, ...
    settings: tuple[str, ...] = ()  # health visiting, midwifery, ...
    formats: tuple[str, ...] = ()  # text, audio, video, image, event, ...
    campaigns: tuple[str, ...] = ()  # campaign names and their hashtags
    published: date | None = None
    withdrawn: bool = False
    status: str = "current"  # current, updated, superseded, withdrawn, retracted (status:)
    extra_text: tuple[str, ...] = field(default=())  # day themes, hashtags, figures
    tags: tuple[str, ...] = ()  # the user's own tags (tag:NAME, the Tags facet)
    # An episode's transcript and chapters (searchable moments), when it has them.
    spoken: Spoken | None = None

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None
