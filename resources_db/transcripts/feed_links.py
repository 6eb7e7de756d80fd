"""Reading ``<podcast:transcript>`` and ``<podcast:chapters>`` from a feed ourselves.

feedparser keeps only the last of a repeated unknown element (an item may
list a transcript in several formats) and lowercases attribute names, so the
feed is read again here with defusedxml. Both namespace URIs in use are
accepted, under whatever prefix the feed declares; Podlove simple chapters
inside an item are read too.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from resources_db.transcripts.chapters import PODLOVE_NS, chapters_from_notes, podlove_chapters
from resources_db.transcripts.links import ChaptersLink, EpisodeMedia, TranscriptLink
from resources_db.transcripts.model import TranscriptRejected

PODCAST_NAMESPACES = (
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)
ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MAX_LINKS = 20  # per item: more is no genuine feed


def item_media(data: bytes) -> list[EpisodeMedia] | None:
    """Each item's (entry's) media, in document order; None if the feed is not
    well-formed XML (feedparser may still read it: it then has no transcripts)."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError, RecursionError):
        return None
    return [_media(item) for item in _items(root)]


def _items(root: Element) -> list[Element]:
    found = [element for element in root.iter() if _local(element.tag) in ("item", "entry")]
    return [e for e in found if _namespace(e.tag) in ("", RSS1, ATOM)]


def _media(item: Element) -> EpisodeMedia:
    media = EpisodeMedia()
    for child in item:
        namespace, name = _namespace(child.tag), _local(child.tag)
        if namespace in PODCAST_NAMESPACES and name == "transcript":
            url = _attribute(child, "url")
            if url and len(media.transcripts) < MAX_LINKS:
                media.transcripts.append(
                    TranscriptLink(
                        url,
                        _attribute(child, "type"),
                        _attribute(child, "language"),
                        _attribute(child, "rel"),
                    )
                )
        elif namespace in PODCAST_NAMESPACES and name == "chapters":
            url = _attribute(child, "url")
            if url and len(media.chapters) < MAX_LINKS:
                media.chapters.append(ChaptersLink(url, _attribute(child, "type")))
        elif namespace == PODLOVE_NS and name == "chapters" and not media.inline_chapters:
            try:
                media.inline_chapters = podlove_chapters(
                    child.iter(f"{{{PODLOVE_NS}}}chapter"), "The feed's chapters"
                )
                media.inline_from = "podlove"
            except TranscriptRejected:
                pass  # chapters that cannot be read are simply not shown
        elif name == "enclosure" or (name == "link" and child.get("rel") == "enclosure"):
            media.enclosure = (
                media.enclosure or _attribute(child, "url") or _attribute(child, "href")
            )
    if not media.inline_chapters:
        media.inline_chapters = chapters_from_notes(_notes(item))
        media.inline_from = "show notes" if media.inline_chapters else ""
    return media


def _notes(item: Element) -> str:
    """The item's show notes as written (HTML or text): the longest of its descriptions."""
    texts = [
        "".join(child.itertext())
        for child in item
        if _local(child.tag) in ("description", "summary", "content", "encoded")
        and _namespace(child.tag) in ("", RSS1, ATOM, CONTENT)
    ]
    return max(texts, key=len, default="")


def _attribute(element: Element, name: str) -> str:
    """An attribute whatever the case the feed wrote it in."""
    value = element.get(name)
    if value is None:
        value = next((v for k, v in element.attrib.items() if k.lower() == name), "")
    return value.strip()[:2000]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
