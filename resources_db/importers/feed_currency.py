"""What a feed says about its items' currency, read from the XML with defusedxml.

feedparser keeps Atom links but drops RFC 6721 tombstones (``<at:deleted-entry
ref="…" when="…">``) and keeps ``dcterms:isReplacedBy`` only as text (not its
``rdf:resource``), so the feed is read again here. Signals, per item:

- ``<dcterms:isReplacedBy>`` or ``<atom:link rel="successor-version">``: superseded,
  by that address; ``<dcterms:replaces>`` or ``rel="predecessor-version"``: what
  the item replaces;
- a title starting "RETRACTED:" or "WITHDRAWN:": retracted or withdrawn.

And for the feed, each tombstone: the entry it names was withdrawn. Nothing
is concluded from an item that is simply no longer in the feed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from resources_db.currency_terms import CurrencyUpdate
from resources_db.dates import parse_date
from resources_db.importers.uids import feed_uid, url_uid
from resources_db.packs import Pack, PackResource

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
MAX_TOMBSTONES = 10_000
_TITLE_STATUS = re.compile(r"^\s*(RETRACTED|WITHDRAWN)\s*:", re.IGNORECASE)


@dataclass
class ItemSignals:
    replaced_by: str = ""
    replaces: str = ""


@dataclass
class FeedCurrency:
    items: list[ItemSignals] = field(default_factory=list)
    tombstones: list[CurrencyUpdate] = field(default_factory=list)

    def mark(self, resource: PackResource, position: int, entry: Any = None) -> None:
        """Set the currency fields of the item at ``position`` (0-based) that the
        feed gives; leave them unset (None) where it says nothing."""
        signals = self.items[position] if position < len(self.items) else _from_entry(entry)
        fields = resource.fields
        if signals.replaces:
            fields["replaces"] = signals.replaces
        if signals.replaced_by:
            fields["status"] = "superseded"
            fields["superseded_by"] = signals.replaced_by
        marked = _TITLE_STATUS.match(fields["title"])
        if marked:
            fields["status"] = marked.group(1).lower()

    def with_tombstones(self, pack: Pack) -> Pack:
        pack.currency_updates = list(self.tombstones)
        return pack


def feed_currency(data: bytes, entries: Sequence[Any]) -> FeedCurrency:
    """The feed's signals, item by item in document order; when the XML cannot be
    read or its items do not line up with feedparser's entries, only what
    feedparser kept (Atom links) is used."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError, RecursionError):
        return FeedCurrency()
    items = [_signals(item) for item in _items(root)]
    found = FeedCurrency(items if len(items) == len(entries) else [])
    found.tombstones = _tombstones(root)
    return found


def _items(root: Element) -> list[Element]:
    found = [element for element in root.iter() if _local(element.tag) in ("item", "entry")]
    return [e for e in found if _namespace(e.tag) in ("", RSS1, ATOM)]


def _signals(item: Element) -> ItemSignals:
    signals = ItemSignals()
    for child in item:
        namespace, name = _namespace(child.tag), _local(child.tag)
        if namespace == DCTERMS and name in ("isReplacedBy", "replaces"):
            value = (child.get(f"{{{RDF}}}resource") or "".join(child.itertext())).strip()
            if name == "isReplacedBy":
                signals.replaced_by = signals.replaced_by or value[:2000]
            else:
                signals.replaces = signals.replaces or value[:2000]
        elif namespace == ATOM and name == "link":
            rel, href = child.get("rel", ""), (child.get("href") or "").strip()[:2000]
            if rel == "successor-version" and href:
                signals.replaced_by = signals.replaced_by or href
            elif rel == "predecessor-version" and href:
                signals.replaces = signals.replaces or href
    return signals


def _from_entry(entry: Any) -> ItemSignals:
    """The Atom links feedparser kept, for a feed the XML reader could not line up."""
    signals = ItemSignals()
    for link in (entry or {}).get("links") or []:
        href = str(link.get("href") or "").strip()[:2000]
        if link.get("rel") == "successor-version" and href:
            signals.replaced_by = signals.replaced_by or href
        elif link.get("rel") == "predecessor-version" and href:
            signals.replaces = signals.replaces or href
    return signals


def _tombstones(root: Element) -> list[CurrencyUpdate]:
    updates: list[CurrencyUpdate] = []
    for element in root.iter(f"{{{TOMBSTONES}}}deleted-entry"):
        ref = (element.get("ref") or "").strip()
        if not ref or len(updates) >= MAX_TOMBSTONES:
            continue
        # The entry's id is its uid; a feed without ids (or a list before it) named it by link.
        uids = tuple(dict.fromkeys((feed_uid(ref, ""), feed_uid("", ref), url_uid(ref))))
        updates.append(CurrencyUpdate(uids, "withdrawn", _tombstone_detail(element)))
    return updates


def _tombstone_detail(element: Element) -> str:
    try:
        when = parse_date(element.get("when"))
    except ValueError:
        when = None
    text = "Its feed lists it as deleted"
    text += f" on {when.day} {when:%B %Y}." if when else "."
    comment = " ".join("".join(c.itertext()) for c in element.iter(f"{{{TOMBSTONES}}}comment"))
    comment = " ".join(comment.split())[:300]
    return f"{text} The feed says: “{comment}”" if comment else text


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
