"""Helpers every importer shares: plain text from HTML, lenient dates, errors."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser
from typing import Any

import nh3

from resources_db.dates import parse_date
from resources_db.packs import Pack, PackResource, new_pack


class ImportRejected(ValueError):
    """The source is refused; the message is one plain sentence for the user."""


SUMMARY_CHARS = 300
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "hr",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_DATE_FORMATS = (
    "%d/%m/%Y",  # UK order first: the library's users write dates the British way
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%B %Y",
    "%b %Y",
)


class _TextCollector(HTMLParser):
    """Collects text, turning block elements into paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text from HTML: sanitised first (drops script/style content), then untagged."""
    if not html or "<" not in html:
        return tidy_text(unescape(html or ""))
    collector = _TextCollector()
    collector.feed(nh3.clean(html))
    collector.close()
    return tidy_text("".join(collector.parts))


def tidy_text(text: str) -> str:
    """Collapse runs of spaces, keep paragraph breaks (at most one blank line)."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain(value: Any) -> str:
    """A one-line plain text value (titles, names): HTML and line breaks removed."""
    if value is None:
        return ""
    return " ".join(html_to_text(str(value)).split())


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The text cut at a word boundary near ``limit``, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.-")
    return cut + "…"


def lenient_date(value: Any) -> date | None:
    """A date, or None when the value does not read as one (never an error)."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return parse_date(value.strip() if isinstance(value, str) else value)
    except (ValueError, TypeError, OverflowError):
        pass
    if not isinstance(value, str):
        return None
    text = " ".join(value.split()).rstrip("/")
    # RIS writes "2020/06/08/" and "2020///"; keep the parts that are there.
    ris = re.match(r"^(\d{4})(?:/(\d{1,2}))?(?:/(\d{1,2}))?", text)
    if ris and "/" in text and text.index("/") == 4:
        year, month, day = (int(part) if part else 1 for part in ris.groups())
        return _safe_date(year, month, day)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def split_values(value: Any) -> list[str]:
    """Multi-valued cells: a list as is, text split on ";" or "|"."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items: Iterable[Any] = value
    else:
        items = re.split(r"[;|]", str(value))
    return [text for text in (plain(item) for item in items if item is not None) if text]


def build_pack(pack_id: str, title: str, resources: list[PackResource]) -> Pack:
    """The pack, keeping the first of any resources that share a uid."""
    seen: set[str] = set()
    unique = []
    for resource in resources:
        if resource.uid not in seen:
            seen.add(resource.uid)
            unique.append(resource)
    return new_pack(pack_id, title, unique)


def display_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1] or "The file"


def sentence(text: str) -> str:
    """One line ending with a full stop, for ImportRejected messages."""
    flat = " ".join(text.split())
    return flat if flat.endswith((".", "!", "?")) else flat + "."


def decode_text(data: bytes) -> str:
    """Text as people's tools save it: UTF-8 (with or without BOM), UTF-16, Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" export: UTF-16 with a BOM, tab separated.
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as Windows-1252; undefined bytes become U+FFFD.
        return data.decode("cp1252", errors="replace")
