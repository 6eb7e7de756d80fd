"""The detail pane's content as HTML built from escaped text (no outside markup)."""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import quote

from desktop_app.operations import DetailView
from desktop_app.ui.dates import long_date
from desktop_app.ui.durations import spoken_duration
from resources_db.exporters.lists import published_in_label, where_published
from resources_db.fetching import is_web_address

STYLE = """
<style>
  body { line-height: 1.45; }
  .meta { color: palette(placeholder-text); margin-bottom: 8px; }
  .summary { font-size: 1.08em; margin: 8px 0; }
  h2 { font-size: 1.1em; margin: 14px 0 4px 0; }
  p.fact { margin: 0 0 3px 0; }
  .tag { text-decoration: none; }
</style>
"""


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


def fact(label: str, value_html: str) -> str:
    """A label and its value on one line, so a screen reader reads them together
    ("Kind: Campaign day"); in a table they are two unrelated cells."""
    return f'<p class="fact"><b>{escape(label)}:</b> {value_html}</p>'


def _extra(view: DetailView) -> str:
    """Fields no column holds (a spreadsheet's own columns, RIS notes), as labelled."""
    if not view.detail.extra:
        return ""
    rows = "".join(
        fact(label, escape(value).replace(chr(10), "<br>")) for label, value in view.detail.extra
    )
    return f"<h2>More details</h2>{rows}"


def _campaign(view: DetailView) -> str:
    campaign = view.detail.campaign
    if campaign is None:
        return ""
    parts = ["<h2>Campaign</h2>"]
    if campaign.starts:
        when = long_date(campaign.starts)
        if campaign.ends:
            when += " – " + long_date(campaign.ends)
        parts.append(fact("Dates", escape(when)))
    if campaign.recurrence or campaign.first_held:
        held = " ".join(
            x
            for x in (
                campaign.recurrence,
                f"since {campaign.first_held}" if campaign.first_held else "",
            )
            if x
        )
        parts.append(fact("Held", escape(held)))
    if campaign.theme:
        parts.append(fact("Theme", escape(campaign.theme)))
    if campaign.hashtags:
        tags = " ".join(_link("filter", "campaign", t) for t in campaign.hashtags)
        parts.append(fact("Hashtags", tags))
    for figure in campaign.figures:
        where = " ".join(str(x) for x in (figure["platform"], figure["hashtag"]) if x)
        value = f"{float(str(figure['value'])):,.0f} {figure['metric']}"
        parts.append(fact("Reported", escape(value) + (f" ({escape(where)})" if where else "")))
    if campaign.days:
        parts.append("<h2>Days and themes</h2>")
        for day in campaign.days:
            held_on = day["day"]
            label = ""
            if isinstance(held_on, date):
                label = long_date(held_on, weekday=True, year=False)
            theme = escape(str(day["theme"]))
            if day["uid"]:
                theme = f'<a href="resource:{quote(str(day["uid"]), safe="")}">{theme}</a>'
            parts.append(fact(label, theme) if label else f'<p class="fact">{theme}</p>')
    return "".join(parts)


_NOTICES = {
    "updated": "its source has changed it since it came into the library.",
    "superseded": "a newer resource replaces it.",
    "withdrawn": "its publisher has withdrawn it.",
    "retracted": "its publisher has retracted it; do not rely on what it says.",
}


def _linked(target: str, title: str) -> str:
    """A replacement link: the resource in the library, else its address."""
    if title:
        return f'<a href="resource:{quote(target, safe="")}">{escape(title)}</a>'
    if is_web_address(target):
        return f'<a href="{escape(target)}">{escape(target)}</a>'
    return escape(target)


def _currency_notice(view: DetailView) -> str:
    """A plain sentence first when the resource is no longer current."""
    currency = view.detail.currency
    if currency.status == "current" or (
        currency.status == "withdrawn" and view.detail.document.withdrawn
    ):
        return ""  # a pack's withdrawal has its own notice
    text = _NOTICES.get(currency.status, "")
    if currency.status == "superseded" and currency.superseded_by:
        text += " See " + _linked(currency.superseded_by, currency.superseded_by_title) + "."
    return f"<p><b>{escape(currency.status.capitalize())}:</b> {text}</p>"


def _currency_facts(view: DetailView) -> list[tuple[str, str]]:
    currency = view.detail.currency
    facts = [("Status", escape(currency.status.capitalize()))]
    if currency.last_reviewed:
        facts.append(("Last reviewed", escape(long_date(currency.last_reviewed))))
    if currency.review_due:
        due = long_date(currency.review_due)
        facts.append(("Review due", escape(due + (" (overdue)" * currency.review_overdue()))))
    if currency.superseded_by:
        facts.append(
            ("Superseded by", _linked(currency.superseded_by, currency.superseded_by_title))
        )
    if currency.replaces:
        facts.append(("Replaces", _linked(currency.replaces, currency.replaces_title)))
    return facts


def detail_html(view: DetailView) -> str:
    doc = view.detail.document
    # The title is the pane's heading (a widget screen readers know as a heading).
    html = [STYLE]
    if doc.withdrawn:
        html.append("<p><b>Withdrawn:</b> the publisher no longer lists this resource.</p>")
    html.append(_currency_notice(view))
    html.extend(fact(label, value) for label, value in _facts(view))
    html.extend(fact(label, value) for label, value in _currency_facts(view))
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
