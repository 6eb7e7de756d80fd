"""How command results look: the JSON shapes of the contract and plain text."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from datetime import date
from html import unescape
from typing import TYPE_CHECKING, Any

from resources_db.edits import FIELD_LABELS, to_json

if TYPE_CHECKING:
    from desktop_app.operations.transcript_ops import TranscriptImport
    from resources_db.backups import BackupInfo
    from resources_db.catalogue import ResourceDetail
    from resources_db.currency import Currency
    from resources_db.importing import SourceOutcome
    from resources_db.resource_bin import BinCounts, BinnedResource
    from resources_db.transcripts.store import TranscriptInfo
    from resources_db.user_data import BookmarkInfo, CollectionInfo
    from resources_db.user_tags import TagCount
    from search_index import SearchResults
    from search_index.moments import Moment

FACET_KEYS = ("kind", "topic", "organisation", "year", "audience")


def search_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "total": results.total,
        "corrected": results.corrected,
        "results": [
            {
                "uid": hit.uid,
                "kind": hit.kind,
                "title": hit.title,
                "organisations": list(hit.organisations),
                "authors": list(hit.authors),
                "year": hit.year,
                "url": hit.url,
                "score": round(hit.score, 4),
                "snippet": hit.snippet,
                "moments": [moment.as_json() for moment in hit.moments],
            }
            for hit in results.hits
        ],
        "facets": {key: dict(results.facets.get(key, {})) for key in FACET_KEYS},
    }


def plain(snippet: str) -> str:
    """A highlighted snippet as terminal text: matches in *stars*, entities decoded."""
    return unescape(re.sub(r"</?b>", "*", snippet))


def search_text(results: SearchResults) -> str:
    lines: list[str] = []
    if results.corrected:
        lines.append(f"No results for {results.query!r}; showing {results.corrected!r} instead.")
    note = results.partial_match_note()
    if note:
        lines.append(note)
    if results.expansions:
        lines.append("Also searched: " + ", ".join(results.expansions))
    if not results.hits:
        lines.append(f"No resources match {results.query!r}. Try fewer or more general words.")
        return "\n".join(lines)
    lines.append(f"{results.total} result{'s' * (results.total != 1)}")
    for number, hit in enumerate(results.hits, 1):
        where = ", ".join(hit.organisations[:3])
        meta = ", ".join(str(part) for part in (hit.kind, hit.year) if part)
        lines.append(f"{number:>2}. {hit.title}  [{meta}]" + (f"  {where}" if where else ""))
        lines.append(f"    {hit.uid}")
        if hit.snippet:
            for line in textwrap.wrap(plain(hit.snippet), 90)[:2]:
                lines.append(f"    {line}")
        lines += [f"    {moment_text(moment)}" for moment in hit.moments]
    return "\n".join(lines)


def detail_json(
    detail: ResourceDetail, mark: BookmarkInfo | None, in_collections: list[str]
) -> dict[str, Any]:
    doc = detail.document
    campaign = None
    if detail.campaign is not None:
        campaign = {
            **{k: v for k, v in vars(detail.campaign).items() if k not in ("days",)},
            "days": [
                {"date": str(day["day"]), "theme": day["theme"], "uid": day["uid"]}
                for day in detail.campaign.days
            ],
        }
    return {
        "uid": doc.uid,
        "kind": doc.kind,
        "title": doc.title,
        "organisations": list(doc.organisations),
        "authors": list(doc.authors),
        "year": doc.year,
        "url": doc.url,
        "summary": doc.summary,
        "body": doc.body,
        "topics": list(doc.topics),
        "audience": list(doc.audience),
        "settings": list(doc.settings),
        "formats": list(doc.formats),
        "published": doc.published.isoformat() if doc.published else None,
        "duration_seconds": detail.duration_seconds,
        "source": detail.source,
        "withdrawn": doc.withdrawn,
        "part_of": {"uid": detail.part_of[0], "title": detail.part_of[1]}
        if detail.part_of
        else None,
        "parts": [{"uid": uid, "title": title} for uid, title in detail.parts],
        "campaign": campaign,
        "attachments": [vars(a) for a in detail.attachments],
        "bookmarked": mark is not None,
        "note": mark.note if mark else None,
        "collections": in_collections,
        "journal": detail.journal,
        "volume": detail.volume,
        "issue": detail.issue,
        "pages": detail.pages,
        "doi": detail.doi,
        "extra": [{"label": label, "value": value} for label, value in detail.extra],
        # The user's layer and the December 2026 additions (DESIGN.md).
        "tags": list(detail.tags),
        "deleted": detail.deleted_at is not None,
        "team": False,
        "status": detail.currency.status,
        "last_reviewed": _iso(detail.currency.last_reviewed),
        "superseded_by": detail.currency.superseded_by or None,
        "transcript": transcript_json(detail.transcript),
        "chapters": [{"start": c.start, "title": c.title} for c in detail.chapters],
        "edited": [
            {
                "field": edit.field,
                "source_value": to_json(edit.source_value),
                "source_changed": edit.source_changed,
            }
            for edit in detail.edits
        ],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def transcript_json(transcript: TranscriptInfo | None) -> dict[str, Any] | None:
    if transcript is None:
        return None
    return {
        "source": transcript.source_kind,
        "language": transcript.language,
        "cues": [
            {"start": c.start, "end": c.end, "speaker": c.speaker, "text": c.text}
            for c in transcript.cues
        ],
    }


def clock(seconds: float) -> str:
    """12:34 or 1:02:03, as players show a time."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def moment_text(moment: Moment) -> str:
    """A moment for the terminal: ▶ 12:34 — …words…  (Speaker)."""
    speaker = f"  ({moment.speaker})" if moment.speaker else ""
    return f"▶ {clock(moment.start)} — {plain(moment.snippet)}{speaker}"


TRANSCRIPT_SOURCES = {
    "publisher": "from the publisher",
    "file": "from a file",
    "automatic": "automatic",
}


def transcript_import_json(
    source: str, done: TranscriptImport | None, error: str | None
) -> dict[str, Any]:
    """``import FILE --for UID --json``: the shape of every import."""
    added = int(done is not None and done.changed and not done.replaced)
    updated = int(done is not None and done.changed and done.replaced)
    entry: dict[str, Any] = {
        "source": source,
        "format": done.format if done is not None else "unknown",
        "status": "imported" if done is not None else "rejected",
        "added": added,
        "updated": updated,
        "error": error,
        "skipped": [],
    }
    return {"sources": [entry], "added": added, "updated": updated}


def detail_text(data: dict[str, Any], currency: Currency | None = None) -> str:
    """``show``'s text: the facts of ``data`` (``show --json``), and what superseded
    the resource or what it replaces by title when ``currency`` says so."""
    # The exporters (and the citation styles they bring) only for ``show``'s text.
    from resources_db.exporters.lists import published_in_label, where_published

    lines = [data["title"], "=" * min(len(data["title"]), 90)]
    if data.get("deleted"):
        lines.append("In the bin (imh-library bin restore UID brings it back).")
    facts = [
        ("Kind", data["kind"]),
        ("Published", data["published"]),
        ("Authors", ", ".join(data["authors"])),
        ("Organisations", ", ".join(data["organisations"])),
        (published_in_label(data["kind"]), where_published(data)),
        ("DOI", data.get("doi", "")),
        ("Topics", ", ".join(data["topics"])),
        ("Audience", ", ".join(data["audience"])),
        ("Link", data["url"]),
        ("Part of", data["part_of"]["title"] if data["part_of"] else ""),
        (
            "Bookmarked",
            ("yes" + (f": {data['note']}" if data["note"] else "")) if data["bookmarked"] else "",
        ),
        ("Collections", ", ".join(data["collections"])),
        ("Tags", ", ".join(data.get("tags", []))),
        ("Status", "" if data.get("status", "current") == "current" else data["status"]),
        (
            "Superseded by",
            _linked(currency.superseded_by, currency.superseded_by_title)
            if currency
            else data.get("superseded_by") or "",
        ),
        ("Replaces", _linked(currency.replaces, currency.replaces_title) if currency else ""),
        ("Last reviewed", data.get("last_reviewed") or ""),
        ("Transcript", _transcript_fact(data.get("transcript"))),
        ("Edited", edited_text(data.get("edited", []))),
        ("Uid", data["uid"]),
    ]
    lines += [f"{label + ':':<15}{value}" for label, value in facts if value]
    lines += _extra_lines(data.get("extra", []))
    campaign = data["campaign"]
    if campaign:
        lines.append("")
        lines.append(f"Theme: {campaign['theme']}")
        lines.append("Hashtags: " + " ".join(campaign["hashtags"]))
        for figure in campaign["figures"]:
            where = " ".join(p for p in (figure["platform"], figure["hashtag"]) if p)
            lines.append(
                f"  {figure['value']:,.0f} {figure['metric']}" + (f" ({where})" if where else "")
            )
        for day in campaign["days"]:
            lines.append(f"  {day['date']}  {day['theme']}")
    if data.get("chapters"):
        lines += ["", "Chapters:"]
        lines += [f"  {clock(c['start']):>8}  {c['title']}" for c in data["chapters"]]
    # A feed's item often gives one description as both; it is shown once, as in the window.
    for text in dict.fromkeys(part.strip() for part in (data["summary"], data["body"]) if part):
        lines.append("")
        lines += textwrap.wrap(text, 90)
    return "\n".join(lines)


def _transcript_fact(transcript: dict[str, Any] | None) -> str:
    if not transcript:
        return ""
    count = len(transcript["cues"])
    where = TRANSCRIPT_SOURCES.get(transcript["source"], transcript["source"])
    language = f", {transcript['language']}" if transcript["language"] else ""
    return f"{count} cue{'s' * (count != 1)}, {where}{language}"


def edited_text(edited: list[dict[str, Any]]) -> str:
    """The fields the user edited, with the source's new value where it changed since."""
    parts = []
    for edit in edited:
        label = FIELD_LABELS.get(edit["field"], edit["field"])
        if edit["source_changed"]:
            value = edit["source_value"]
            shown = ", ".join(value) if isinstance(value, list) else value
            label += f" (the source now has: {shown or 'nothing'})"
        parts.append(label)
    return "; ".join(parts)


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def bin_json(binned: Sequence[BinnedResource]) -> dict[str, Any]:
    return {
        "resources": [
            {
                "uid": b.uid,
                "kind": b.kind,
                "title": b.title,
                "deleted_at": b.deleted_at.isoformat(timespec="seconds"),
            }
            for b in binned
        ]
    }


def bin_text(binned: Sequence[BinnedResource]) -> str:
    if not binned:
        return "The bin is empty."
    lines = [f"{len(binned)} resource{'s' * (len(binned) != 1)} in the bin:"]
    for b in binned:
        lines.append(f"  {b.deleted_at:%Y-%m-%d %H:%M}  {b.title}  [{b.uid}]")
    return "\n".join(lines)


def emptied_text(deleted: BinCounts) -> str:
    if not deleted.resources:
        return "The bin is empty."
    counted = [
        f"{n} {noun}{'s' * (n != 1)}"
        for n, noun in (
            (deleted.bookmarks, "bookmark"),
            (deleted.notes, "note"),
            (deleted.tags, "tag"),
            (deleted.collection_items, "place in a collection"),
        )
        if n
    ]
    counted = [c.replace("places in a collection", "places in collections") for c in counted]
    what = f"{deleted.resources} resource{'s' * (deleted.resources != 1)}"
    return f"Emptied the bin: deleted {and_list([what, *counted])}."


def tags_text(counts: Sequence[TagCount]) -> str:
    if not counts:
        return "No tags yet. Add one with: imh-library tag UID TAG"
    return "\n".join(f"{c.name} ({c.count})" for c in counts)


def _extra_lines(extra: list[dict[str, str]]) -> list[str]:
    """Fields no column holds (a CSV's own columns, RIS notes), each under its label."""
    lines = []
    for field in extra:
        label, value = field["label"], field["value"]
        if "\n" not in value and len(label) < 14 and len(value) <= 75:
            lines.append(f"{label + ':':<15}{value}")
        else:
            lines.append(f"{label}:")
            for paragraph in value.split("\n"):
                lines += textwrap.wrap(paragraph, 88, initial_indent="  ", subsequent_indent="  ")
    return lines


def collections_json(listing: list[CollectionInfo], titles: dict[str, str]) -> dict[str, Any]:
    return {
        "collections": [
            {
                "name": c.name,
                "description": c.description,
                "objectives": c.objectives,
                "items": [
                    {"uid": i.uid, "title": titles.get(i.uid, ""), "note": i.note} for i in c.items
                ],
            }
            for c in listing
        ]
    }


def collections_text(listing: list[CollectionInfo], titles: dict[str, str]) -> str:
    if not listing:
        return "There are no collections yet. Create one with: imh-library collection create NAME"
    lines = []
    for c in listing:
        lines.append(f"{c.name} ({len(c.items)} item{'s' * (len(c.items) != 1)})")
        for number, item in enumerate(c.items, 1):
            title = titles.get(item.uid, "(not in the catalogue)")
            lines.append(
                f"  {number}. {title}  [{item.uid}]" + (f" — {item.note}" if item.note else "")
            )
    return "\n".join(lines)


def check_text(data: dict[str, Any]) -> str:
    if data["ok"]:
        return (
            f"All good: the database is intact and the search index holds all "
            f"{data['resources']} resources."
        )
    lines = ["Problems found:"] + [f"- {p}" for p in data["problems"]]
    if data["repaired"]:
        lines.append(
            "Repaired: the search index was rebuilt."
            if data["ok_after_repair"]
            else "The repair did not fix everything."
        )
    else:
        lines.append("Run 'imh-library check --repair' to rebuild the search index.")
    return "\n".join(lines)


def stats_text(data: dict[str, Any]) -> str:
    lines = [f"Library: {data['data_dir']}", f"Resources: {data['resources']}"]
    lines += [f"  {kind}: {count}" for kind, count in data["kinds"].items()]
    lines += [
        f"Organisations: {data['organisations']}   People: {data['people']}   "
        f"Campaigns: {data['campaigns']}",
        f"Bookmarks: {data['bookmarks']}   Collections: {data['collections']}",
        f"Indexed: {data['indexed']}",
    ]
    return "\n".join(lines)


def import_text(outcomes: Sequence[SourceOutcome]) -> str:
    # Each source's own lines: counts, any reading lists a pack brought, rows left out.
    lines = [o.text() for o in outcomes]
    added, updated = sum(o.added for o in outcomes), sum(o.updated for o in outcomes)
    lines.append(f"{added} added, {updated} updated in all.")
    return "\n".join(lines)


def backups_json(found: Sequence[BackupInfo]) -> list[dict[str, Any]]:
    return [
        {
            "file": str(b.path),
            "taken_at": b.taken_at.isoformat(),
            "reason": b.reason,
            "size": b.size,
        }
        for b in found
    ]


def _linked(target: str, title: str) -> str:
    """A resource named by its title with its uid, or an address as it is."""
    return f"{title} ({target})" if title and target else target
