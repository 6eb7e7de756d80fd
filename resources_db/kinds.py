"""The controlled vocabularies of the catalogue."""

from __future__ import annotations

KINDS: tuple[str, ...] = (
    "training",
    "blog post",
    "podcast episode",
    "briefing",
    "infographic",
    "open letter",
    "report",
    "video",
    "campaign",
    "campaign day",
    "statement",
    "organisation",
    "person",
)

# Kinds that reference lists (RIS, CSV, JSON from Zotero, EndNote, Mendeley)
# bring. Kept apart from KINDS so the library's own vocabulary (and the
# synthetic benchmark catalogue built from it) stays as it was; the search
# index learns kinds from the data, so ``type:article`` works for these too.
REFERENCE_KINDS: tuple[str, ...] = (
    "journal article",
    "magazine article",
    "news article",
    "book",
    "book chapter",
    "thesis",
    "conference paper",
    "web page",
    "patent",
    "legal",
    "film",
    "audio",
    "presentation",
    "dataset",
    "software",
    "map",
    "image",
    "manuscript",
    "encyclopedia entry",
    "personal communication",
    "leaflet",
    "document",
    "guidance",  # clinical and service guidelines (NICE), as the further-reading pack has them
)

ALL_KINDS: tuple[str, ...] = KINDS + REFERENCE_KINDS

# Facet vocabularies a trainer filters by; values outside these are allowed
# (imports bring their own) but these are the ones the starter data uses.
AUDIENCES: tuple[str, ...] = ("practitioner", "commissioner", "parent", "policy", "researcher")
FORMATS: tuple[str, ...] = ("text", "audio", "video", "image", "event", "web page", "document")
