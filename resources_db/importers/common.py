"""Helpers every importer shares: plain text from HTML, lenient dates, errors."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

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
    "%d/%m/%y",
    "%d.%m.%y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%d-%b-%y",
    "%d %b %y",
    "%B %d %Y",
    "%b %d %Y",
    "%B %Y",
    "%b %Y",
    "%b-%y",
    "%m/%d/%Y",  # American order only when the day-first reading is impossible
    "%a %b %d %Y",
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
    """A date, or None when the value does not read as one (never an error).

    Reads ISO dates, RIS dates ("2020/06/08/", "2019///"), and dates as people
    write them: "3rd March 2021", "Wednesday, 3 March 2021", "March 3, 2021",
    "03/03/2021" (day first, the British way), "03-Mar-21", a time after it.
    """
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
    # RIS writes "2020/06/08/" and "2020///", and 0 for an unknown part; keep what is there.
    ris = re.match(r"^(\d{4})(?:/(\d{1,2}))?(?:/(\d{1,2}))?", text)
    if ris and "/" in text and text.index("/") == 4:
        year, month, day = (int(part) if part and int(part) else 1 for part in ris.groups())
        return _safe_date(year, month, day)
    return _written_date(text)


_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_TIME = re.compile(
    r"[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$", re.I
)
_FILLER = re.compile(r"\b(?:the|of)\b", re.IGNORECASE)


def _written_date(text: str) -> date | None:
    cleaned = _TIME.sub("", _WEEKDAY.sub("", text))
    cleaned = _FILLER.sub(" ", _ORDINAL.sub(r"\1", cleaned))
    cleaned = re.sub(r"\bsept\b", "Sep", cleaned, flags=re.IGNORECASE)
    cleaned = " ".join(cleaned.replace(",", " ").split())
    try:
        return parse_date(cleaned)
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
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


def split_values(value: Any, separators: str = ";|") -> list[str]:
    """Multi-valued cells: a list as is (each item split too), text split on the separators."""
    if value is None:
        return []
    pattern = "[" + re.escape(separators) + "]"
    items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    parts = (part for item in items if item is not None for part in re.split(pattern, str(item)))
    return list(dict.fromkeys(text for text in (plain(part) for part in parts) if text))


def split_tags(value: Any) -> list[str]:
    """Tags and keywords: split on commas as well as semicolons and bars."""
    return split_values(value, ",;|")


def person_name(raw: Any) -> str:
    """A person's name as people read it: "Hogg, Sally" is "Sally Hogg".

    Reference managers write "Last, First[, Suffix]" ("Baldwin,S.A." is
    "S.A. Baldwin"); a name with no comma, or an organisation, stays as it is.
    """
    text = plain(raw)
    parts = [part.strip() for part in text.split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1] or _is_organisation(parts[0]):
        return text  # no "Last, First" shape, or an organisation's name with a comma
    return " ".join([parts[1], parts[0], *(part for part in parts[2:] if part)])


_ORGANISATION_WORDS = frozenset(
    (
        "department",
        "university",
        "foundation",
        "trust",
        "council",
        "nhs",
        "institute",
        "association",
        "society",
        "centre",
        "center",
        "ministry",
        "office",
        "service",
        "college",
        "school",
        "committee",
        "agency",
        "organisation",
        "organization",
        "group",
        "network",
        "charity",
        "alliance",
        "board",
        "commission",
        "partnership",
        "government",
        "unit",
        "team",
        "hospital",
    )
)


def _is_organisation(family: str) -> bool:
    words = family.casefold().split()
    return len(words) > 3 or any(word in _ORGANISATION_WORDS for word in words)


_PLACEHOLDER_HOSTS = frozenset({"localhost", "example", "n", "na", "none"})


def web_link(value: Any) -> str:
    """An http(s) address, or "" for text that is no usable link.

    "www.example.org/page" gains "https://"; placeholders ("http://", "n/a",
    "-", "about:blank") and addresses with no proper host are dropped.
    """
    text = plain(value)
    if text.lower().startswith("www."):
        text = "https://" + text
    if not re.match(r"^https?://", text, re.IGNORECASE) or " " in text:
        return ""
    try:
        host = (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""
    if "." not in host.strip(".") or host in _PLACEHOLDER_HOSTS:
        return ""
    return text


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
