"""What a mutation changed, so each view refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Set by every mutating operation; combine two with ``|``.

    ``resources`` are uids whose catalogue entry (and so search results and
    details) changed; ``catalogue`` says the set of resources itself changed
    (counts, facets). The other flags name the user's own lists.
    """

    resources: frozenset[str] = field(default_factory=frozenset)
    catalogue: bool = False
    bookmarks: bool = False
    collections: frozenset[str] = field(default_factory=frozenset)
    collection_list: bool = False  # created, renamed or deleted collections
    saved_searches: bool = False
    history: bool = False
    tags: bool = False  # the user's tags (names or counts) changed
    bin: bool = False  # resources went into or out of the bin
    practice: bool = False  # the private practice record (CPD log, reflections, its lock)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.resources | other.resources,
            self.catalogue or other.catalogue,
            self.bookmarks or other.bookmarks,
            self.collections | other.collections,
            self.collection_list or other.collection_list,
            self.saved_searches or other.saved_searches,
            self.history or other.history,
            self.tags or other.tags,
            self.bin or other.bin,
            self.practice or other.practice,
        )

    @property
    def empty(self) -> bool:
        return self == Changes()

    def touches(self, uid: str | None) -> bool:
        """Whether the resource ``uid`` (e.g. the one open in the detail pane) changed."""
        return uid is not None and (uid in self.resources or self.catalogue)


NOTHING = Changes()
