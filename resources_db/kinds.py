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

# Facet vocabularies a trainer filters by; values outside these are allowed
# (imports bring their own) but these are the ones the starter data uses.
AUDIENCES: tuple[str, ...] = ("practitioner", "commissioner", "parent", "policy", "researcher")
FORMATS: tuple[str, ...] = ("text", "audio", "video", "image", "event", "web page", "document")
