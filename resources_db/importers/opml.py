"""OPML subscription lists: every outline with an ``xmlUrl`` becomes a feed to remember.

Parsed with defusedxml, which refuses entity declarations and external
references. An OPML list carries no resources itself; its feeds are fetched
when the subscriptions are refreshed.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from resources_db.importers.common import ImportRejected, build_pack, display_name, plain
from resources_db.importers.model import FeedInfo, ParsedSource


def parse_opml(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ImportRejected(
            f"{label} declares XML entities or external references, which are refused for safety."
        ) from error
    except (ParseError, ValueError, LookupError) as error:
        raise ImportRejected(f"{label} is not a readable OPML file (the XML is broken).") from error
    if _local(root.tag) != "opml":
        raise ImportRejected(f"{label} is not an OPML file (its root element is not <opml>).")
    title = plain(root.findtext("head/title")) or label
    feeds: dict[str, FeedInfo] = {}
    body = root.find("body")
    for outline in body.findall("outline") if body is not None else []:
        _collect(outline, feeds, podcast_folder=False)
    if not feeds:
        raise ImportRejected(f"{label} lists no feeds (no outline has an xmlUrl).")
    return ParsedSource("opml", build_pack(f"opml:{label}", title, []), list(feeds.values()))


def _collect(outline: Element, feeds: dict[str, FeedInfo], podcast_folder: bool) -> None:
    """Walk one outline; folders named like "Podcasts" mark their feeds as podcasts."""
    attributes = {key.lower(): value for key, value in outline.attrib.items()}
    text = plain(attributes.get("title") or attributes.get("text"))
    url = (attributes.get("xmlurl") or "").strip()
    if url.startswith(("http://", "https://")) and url not in feeds:
        podcast = podcast_folder or attributes.get("type", "").lower() == "podcast"
        feeds[url] = FeedInfo(url=url, title=text or url, kind="podcast" if podcast else "feed")
    elif not url:
        podcast_folder = podcast_folder or "podcast" in text.lower()
    for child in outline.findall("outline"):
        _collect(child, feeds, podcast_folder)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()
