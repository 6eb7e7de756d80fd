"""Reading lists for people rather than the app: CSV, JSON and a printable HTML handout."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from html import escape
from typing import Any

from resources_db.citations import format_citations
from resources_db.exporters.selection import ExportSelection
from resources_db.importers.common import web_link

CSV_COLUMNS = (
    "uid",
    "kind",
    "title",
    "authors",
    "organisations",
    "year",
    "published",
    "url",
    "topics",
    "audience",
    "summary",
    "note",
    # Bibliographic details, after the original columns so older readers still line up.
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    # Currency, after them for the same reason.
    "status",
    "last_reviewed",
    "review_due",
    "superseded_by",
    "replaces",
)
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _objectives(selection: ExportSelection) -> str:
    return selection.collection.objectives if selection.collection else ""


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text; the caller encodes it as UTF-8 with a BOM so Excel reads the accents."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_json(selection: ExportSelection, rows: list[dict[str, Any]]) -> str:
    document = {
        "title": selection.title,
        "exported": datetime.now().astimezone().isoformat(timespec="seconds"),
        "objectives": _objectives(selection),
        "resources": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 11pt; line-height: 1.45;
       color: #111; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }
.meta, .kind, .citation { color: #444; font-size: 9.5pt; }
.objectives, .note, .description { white-space: pre-line; }
ol.items > li { margin: 0 0 1em; page-break-inside: avoid; break-inside: avoid; }
.title { font-weight: bold; font-size: 12pt; }
.note { background: #fff3c4; border-left: 3pt solid #d9a400; padding: 0.3em 0.6em;
        margin: 0.4em 0; }
.citation { font-family: Helvetica, Arial, sans-serif; overflow-wrap: anywhere; }
@media print { body { margin: 0; max-width: none; } .note { background: #f2f2f2; } }
"""


def to_html(
    selection: ExportSelection, rows: list[dict[str, Any]], *, citation_style: str | None = None
) -> str:
    """A standalone, printable handout: no scripts and nothing fetched from outside.

    With ``citation_style`` each resource's reference is in that style (as
    *Copy citation* gives it); without, in the handout's own short form.
    """
    title = escape(selection.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        f'<p class="meta">Reading list of {len(rows)} resources, '
        f"prepared {datetime.now():%d %B %Y} with IMH Library.</p>",
    ]
    if selection.collection and selection.collection.description:
        parts.append(f'<p class="description">{escape(selection.collection.description)}</p>')
    if _objectives(selection):
        parts.append("<h2>Learning objectives</h2>")
        parts.append(f'<p class="objectives">{escape(_objectives(selection))}</p>')
    parts.append("<h2>Resources</h2>")
    parts.append('<ol class="items">')
    styled = (
        {c.uid: c.html for c in format_citations(rows, citation_style, sort=False)}
        if citation_style
        else {}
    )
    parts.extend(_html_item(row, styled.get(row["uid"])) for row in rows)
    parts += ["</ol>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _html_item(row: dict[str, Any], styled_citation: str | None = None) -> str:
    who = "; ".join(row["organisations"] or row["authors"])
    details = [row["kind"].capitalize(), str(row["year"] or "")] + ([who] if who else [])
    lines = [
        "<li>",
        f'<div class="title">{escape(row["title"])}</div>',
        f'<div class="kind">{escape(" · ".join(d for d in details if d))}</div>',
    ]
    if row["summary"]:
        lines.append(f'<p class="summary">{escape(row["summary"])}</p>')
    status = row.get("status") or "current"
    if status != "current":  # a trainer handing this out should know
        replaced = f" by {row['superseded_by']}" if row.get("superseded_by") else ""
        lines.append(
            f'<p class="status"><strong>{escape(status.capitalize())}</strong>'
            f"{escape(replaced)}.</p>"
        )
    if row["note"]:
        lines.append(f'<div class="note"><strong>Note:</strong> {escape(row["note"])}</div>')
    # A styled citation is citeproc's HTML, made from escaped values (resources_db.citations).
    shown = styled_citation if styled_citation is not None else escape(citation(row))
    lines += [f'<div class="citation">{shown}</div>', "</li>"]
    return "\n".join(lines)


def citation(row: dict[str, Any]) -> str:
    """Authors (Year). Title. Journal, volume(issue), pages. Organisation. DOI or URL.

    An organisation stands in for no author. Only an http(s) address is
    cited: a feed's internal episode id or a ``tag:`` URI is no link.
    """
    authors = ", ".join(row["authors"])
    organisations = ", ".join(row["organisations"])
    parts = [
        f"{authors or organisations or 'Anon.'} ({row['year'] or 'n.d.'}).",
        _sentence(row["title"]),
    ]
    published_in = where_published(row)
    if published_in:
        parts.append(_sentence(published_in))
    if authors and organisations:
        parts.append(_sentence(organisations))
    if row.get("doi"):
        parts.append(f"https://doi.org/{row['doi']}")
    elif web_link(row["url"]):
        parts.append(web_link(row["url"]))
    return " ".join(parts)


_ARTICLE_KINDS = frozenset({"journal article", "magazine article", "news article"})


def published_in_label(kind: str) -> str:
    """What to call the container: a journal for articles, else where it was published."""
    return "Journal" if kind in _ARTICLE_KINDS else "Published in"


def where_published(row: dict[str, Any]) -> str:
    """ "Journal, 40(1), 1-12": the journal with its volume, issue and pages, as there are."""
    numbering = str(row.get("volume") or "")
    if row.get("issue"):
        numbering += f"({row['issue']})"
    pages = str(row.get("pages") or "")
    return ", ".join(part for part in (str(row.get("journal") or ""), numbering, pages) if part)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."
