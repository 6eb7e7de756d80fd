"""The detail pane's content as HTML built from escaped text (no outside markup)."""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import quote

from desktop_app.operations import DetailView
from desktop_app.ui.durations import spoken_duration
from resources_db.exporters.lists import published_in_label, where_published
from resources_db.fetching import is_web_address

STYLE = """
<style>
  body { line-height: 1.45; }
  h1 { font-size: 1.5em; margin: 0 0 4px 0; }
  .meta { color: palette(placeholder-text); margin-bottom: 8px; }
  .summary { font-size: 1.08em; margin: 8px 0; }
  h2 { font-size: 1.1em; margin: 14px 0 4px 0; }
  td { padding: 2px 10px 2px 0; vertical-align: top; }
  .tag { text-decoration: none; }
</style>
"""


def long_date(value: date, *, weekday: bool = False, year: bool = True) -> str:
    """ "Wednesday 10 June 2020"; strftime's %-d is not portable to Windows."""
    text = f"{value.day} {value:%B}" + (f" {value.year}" if year else "")
    return f"{value:%A} {text}" if weekday else text


def _link(scheme: str, key: str, value: str) -> str:
    href = f"{scheme}:{quote(key, safe='')}/{quote(value, safe='')}"
    return f'<a class="tag" href="{href}">{escape(value)}</a>'


def _facts(view: DetailView) -> list[tuple[str, str]]:
    doc = view.detail.document
    facts = [("Kind", escape(doc.kind.capitalize()))]
    if doc.published:
        shown = long_date(doc.published) if doc.published.day != 1 else f"{doc.published:%B %Y}"
        facts.append(("Published", escape(shown)))
    if doc.authors:
        facts.append(("Authors", ", ".join(_link("filter", "author", a) for a in doc.authors)))
    if doc.organisations:
        facts.append(
            (
                "Organisations",
                ", ".join(_link("filter", "organisation", o) for o in doc.organisations),
            )
        )
    for label, key, values in (
        ("Topics", "topic", doc.topics),
        ("Audience", "audience", doc.audience),
        ("Setting", "setting", doc.settings),
        ("Format", "format", doc.formats),
    ):
        if values:
            facts.append((label, ", ".join(_link("filter", key, v) for v in values)))
    if view.detail.duration_seconds:
        facts.append(("Duration", spoken_duration(view.detail.duration_seconds)))
    numbering = ", ".join(
        f"{label} {number}"
        for label, number in (("season", view.detail.season), ("episode", view.detail.episode))
        if number is not None
    )
    if numbering:
        facts.append(("Episode", numbering.capitalize()))
    if is_web_address(doc.url):  # a feed's internal episode id ("ep1", a GUID) is no link
        facts.append(("Link", escape(doc.url)))
    if view.detail.part_of:
        uid, title = view.detail.part_of
        facts.append(("Part of", f'<a href="resource:{quote(uid, safe="")}">{escape(title)}</a>'))
    if view.detail.source:
        facts.append(("Source", escape(view.detail.source)))
    published_in = where_published(vars(view.detail))
    if published_in:
        facts.append((published_in_label(doc.kind), escape(published_in)))
    if view.detail.doi:
        facts.append(("DOI", escape(view.detail.doi)))
    return facts


def _extra(view: DetailView) -> str:
    """Fields no column holds (a spreadsheet's own columns, RIS notes), as labelled."""
    if not view.detail.extra:
        return ""
    rows = "".join(
        f"<tr><td><b>{escape(label)}</b></td><td>{escape(value).replace(chr(10), '<br>')}</td></tr>"
        for label, value in view.detail.extra
    )
    return f"<h2>More details</h2><table>{rows}</table>"


def _campaign(view: DetailView) -> str:
    campaign = view.detail.campaign
    if campaign is None:
        return ""
    parts = ["<h2>Campaign</h2><table>"]
    if campaign.starts:
        when = long_date(campaign.starts)
        if campaign.ends:
            when += " – " + long_date(campaign.ends)
        parts.append(f"<tr><td><b>Dates</b></td><td>{escape(when)}</td></tr>")
    if campaign.recurrence or campaign.first_held:
        held = " ".join(
            x
            for x in (
                campaign.recurrence,
                f"since {campaign.first_held}" if campaign.first_held else "",
            )
            if x
        )
        parts.append(f"<tr><td><b>Held</b></td><td>{escape(held)}</td></tr>")
    if campaign.theme:
        parts.append(f"<tr><td><b>Theme</b></td><td>{escape(campaign.theme)}</td></tr>")
    if campaign.hashtags:
        tags = " ".join(_link("filter", "campaign", t) for t in campaign.hashtags)
        parts.append(f"<tr><td><b>Hashtags</b></td><td>{tags}</td></tr>")
    for figure in campaign.figures:
        where = " ".join(str(x) for x in (figure["platform"], figure["hashtag"]) if x)
        value = f"{float(str(figure['value'])):,.0f} {figure['metric']}"
        parts.append(
            f"<tr><td><b>Reported</b></td><td>{escape(value)}"
            + (f" ({escape(where)})" if where else "")
            + "</td></tr>"
        )
    parts.append("</table>")
    if campaign.days:
        parts.append("<h2>Days and themes</h2><table>")
        for day in campaign.days:
            held_on = day["day"]
            label = (
                escape(long_date(held_on, weekday=True, year=False))
                if isinstance(held_on, date)
                else ""
            )
            theme = escape(str(day["theme"]))
            if day["uid"]:
                theme = f'<a href="resource:{quote(str(day["uid"]), safe="")}">{theme}</a>'
            parts.append(f"<tr><td><b>{label}</b></td><td>{theme}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def detail_html(view: DetailView) -> str:
    doc = view.detail.document
    html = [STYLE, f"<h1>{escape(doc.title)}</h1>"]
    if doc.withdrawn:
        html.append("<p><b>Withdrawn:</b> the publisher no longer lists this resource.</p>")
    html.append("<table>")
    html.extend(
        f"<tr><td><b>{label}</b></td><td>{value}</td></tr>" for label, value in _facts(view)
    )
    html.append("</table>")
    if doc.summary:
        html.append(f'<p class="summary">{escape(doc.summary)}</p>')
    html.append(_campaign(view))
    html.append(_extra(view))
    if view.detail.parts:
        html.append("<h2>In this</h2><ul>")
        html.extend(
            f'<li><a href="resource:{quote(uid, safe="")}">{escape(title)}</a></li>'
            for uid, title in view.detail.parts
        )
        html.append("</ul>")
    if view.detail.attachments:
        html.append("<h2>Files</h2><ul>")
        for a in view.detail.attachments:
            href = f"attachment:{a.sha256}/{quote(a.filename, safe='')}"
            label = escape(a.title or a.filename)
            html.append(f'<li><a href="{href}">{label}</a> ({a.size // 1024 or 1} KB)</li>')
        html.append("</ul>")
    if doc.body and doc.body.strip() != doc.summary.strip():
        html.append("<h2>Full text</h2>")
        html.extend(f"<p>{escape(p)}</p>" for p in doc.body.split("\n\n") if p.strip())
    return "".join(html)
