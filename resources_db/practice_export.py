"""The practice record in the NMC's shapes: the CPD log (CSV, HTML) and reflective accounts.

The files are the person's own: written through a private temporary file
(mode 0600, which they keep) and moved into place, so a failed write leaves
nothing behind and the copy is not readable by other accounts on the machine.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from pathlib import Path

from resources_db.practice_record import CODE_THEMES, CpdInfo, Period, ReflectionInfo, totals

CPD_COLUMNS = (
    "Date",
    "Method",
    "Topic",
    "How it relates to my practice",
    "Hours",
    "Participatory hours",
    "Code",
    "Evidence",
)
# The questions of the NMC's reflective accounts form, as the form asks them.
FORM_QUESTIONS = (
    (
        "what",
        "What was the nature of the CPD activity and/or practice-related feedback "
        "and/or event or experience in your practice?",
    ),
    (
        "learned",
        "What did you learn from the CPD activity and/or feedback and/or event or "
        "experience in your practice?",
    ),
    ("changed", "How did you change or improve your practice as a result?"),
)
CODE_QUESTION = "How is this relevant to the Code?"
CODE_PROMPT = "Select one or more themes: " + " – ".join(t.capitalize() for t in CODE_THEMES)

_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; font-size: 10.5pt; color: #111;
       margin: 1.5em auto; max-width: 62em; line-height: 1.4; }
h1 { font-size: 16pt; margin-bottom: 0.2em; }
h2 { font-size: 12pt; margin: 1em 0 0.3em; }
.meta { color: #444; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #666; padding: 0.3em 0.4em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.number, th.number { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; }
/* The total once, at the end: not repeated at the foot of every printed page. */
tfoot { display: table-row-group; }
.answer { border: 1px solid #999; padding: 0.5em 0.7em; min-height: 3em; white-space: pre-wrap; }
.form { page-break-after: always; break-after: page; }
.form:last-child { page-break-after: auto; break-after: auto; }
.themes { list-style: none; padding-left: 0; }
@page { margin: 15mm; }
@media print { body { margin: 0; max-width: none; } th { background: #ddd; } }
"""


class PracticeExportError(ValueError):
    """The file cannot be written; one sentence."""


def hours(minutes: int) -> str:
    """Hours as a log shows them: 90 minutes is 1.5, 45 minutes 0.75, 2 hours 2."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


def _evidence(entry: CpdInfo, resources: Mapping[str, tuple[str, str]]) -> str:
    if not entry.uid:
        return ""
    title, url = resources.get(entry.uid, (entry.uid, ""))
    return f"{title} <{url}>" if url else title


def cpd_rows(
    entries: Sequence[CpdInfo], resources: Mapping[str, tuple[str, str]]
) -> list[list[str]]:
    """One row per entry in ``CPD_COLUMNS``' order; ``resources`` maps uid to (title, url)."""
    return [
        [
            e.day.isoformat(),
            e.method.capitalize(),
            e.topic,
            e.note,
            hours(e.minutes),
            hours(e.participatory_minutes),
            "; ".join(t.capitalize() for t in e.code),
            _evidence(e, resources),
        ]
        for e in entries
    ]


def cpd_csv(entries: Sequence[CpdInfo], resources: Mapping[str, tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CPD_COLUMNS)
    writer.writerows(cpd_rows(entries, resources))
    return out.getvalue()


def _page(title: str, body: Sequence[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{escape(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _span(entries: Sequence[CpdInfo], period: Period | None) -> str:
    if period is not None:
        return f"{period.start:%d %B %Y} to {period.end:%d %B %Y}"
    if not entries:
        return "no entries"
    return f"{entries[0].day:%d %B %Y} to {entries[-1].day:%d %B %Y}"


def cpd_html(
    entries: Sequence[CpdInfo],
    resources: Mapping[str, tuple[str, str]],
    *,
    period: Period | None = None,
    today: date | None = None,
) -> str:
    """A printable CPD log in the NMC's columns, with the totals under it."""
    total, participatory = totals(entries)
    head = "".join(
        f'<th class="number">{escape(c)}</th>' if "ours" in c else f"<th>{escape(c)}</th>"
        for c in CPD_COLUMNS
    )
    body = []
    for row in cpd_rows(entries, resources):
        cells = [
            f'<td class="number">{escape(v)}</td>' if i in (4, 5) else f"<td>{escape(v)}</td>"
            for i, v in enumerate(row)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    foot = (
        '<tr><td colspan="4">Total</td>'
        f'<td class="number">{hours(total)}</td>'
        f'<td class="number">{hours(participatory)}</td><td colspan="2"></td></tr>'
    )
    return _page(
        "CPD log",
        [
            "<h1>Continuing professional development (CPD) log</h1>",
            f'<p class="meta">{escape(_span(entries, period))} · {hours(total)} hours, '
            f"{hours(participatory)} of them participatory · prepared "
            f"{(today or date.today()):%d %B %Y} with IMH Library.</p>",
            "<p>Name: ______________________ &nbsp; NMC PIN: ____________</p>",
            "<table>",
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *body,
            "</tbody>",
            f"<tfoot>{foot}</tfoot>",
            "</table>",
        ],
    )


def _answer(text: str) -> str:
    return f'<div class="answer">{escape(text)}</div>'


def _form(number: int, account: ReflectionInfo, about: Sequence[str]) -> list[str]:
    parts = [
        '<section class="form">',
        f"<h1>Reflective account {number}: {escape(account.title)}</h1>",
        f'<p class="meta">Written {account.written:%d %B %Y}.'
        + (f" About: {escape('; '.join(about))}." if about else "")
        + "</p>",
    ]
    for name, question in FORM_QUESTIONS:
        parts += [f"<h2>{escape(question)}</h2>", _answer(str(getattr(account, name)))]
    parts.append(f"<h2>{escape(CODE_QUESTION)}</h2>")
    parts.append(f'<p class="meta">{escape(CODE_PROMPT)}</p>')
    parts.append('<ul class="themes">')
    for theme in CODE_THEMES:
        mark = "☒" if theme in account.code else "☐"
        parts.append(f"<li>{mark} {escape(theme.capitalize())}</li>")
    parts.append("</ul>")
    if account.relevance:
        parts.append(_answer(account.relevance))
    parts.append("</section>")
    return parts


def reflections_html(
    accounts: Sequence[ReflectionInfo],
    cpd_titles: Mapping[int, str],
    resource_titles: Mapping[str, str] | None = None,
    *,
    today: date | None = None,
) -> str:
    """One NMC form per account, the form's own questions as headings, a page each;
    each names what it is about: the resource it was written from, then its CPD entries."""
    body = [
        f'<p class="meta">{len(accounts)} reflective account{"s" * (len(accounts) != 1)}, '
        f"prepared {(today or date.today()):%d %B %Y} with IMH Library. "
        "Check that none names or could identify a patient, service user or colleague.</p>"
    ]
    for number, account in enumerate(accounts, start=1):
        about = [(resource_titles or {}).get(account.uid, account.uid)] if account.uid else []
        about += [cpd_titles[i] for i in account.cpd_ids if i in cpd_titles]
        body += _form(number, account, about)
    return _page("Reflective accounts", body)


def write_private(target: Path, data: bytes) -> None:
    """Through a 0600 temporary file beside ``target``, then renamed over it."""
    if not target.parent.is_dir():
        raise PracticeExportError(f"The folder {target.parent} does not exist.")
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as error:
        raise PracticeExportError(f"Cannot write to {target.parent} ({error.strerror}).") from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise PracticeExportError(f"Cannot write {target.name} ({error.strerror}).") from error
        raise
