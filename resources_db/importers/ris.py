"""RIS reference lists (as Zotero, EndNote and Mendeley export them), read with rispy.

TY gives the kind (BLOG -> blog post, VIDEO/MPCT -> video, everything else ->
report); TI/T1 the title; AU/A1 the authors; PY/Y1/DA the date; AB/N2 the
summary; UR the url; DO the DOI (which becomes the uid); KW the topics; PB
the publisher (an organisation); T2/JO the source.
"""

from __future__ import annotations

from typing import Any

import rispy

from resources_db.importers.common import (
    ImportRejected,
    build_pack,
    decode_text,
    display_name,
    html_to_text,
    lenient_date,
    plain,
    split_values,
)
from resources_db.importers.model import ParsedSource
from resources_db.importers.uids import best_uid
from resources_db.packs import PackResource, new_resource

_KINDS = {"BLOG": "blog post", "VIDEO": "video", "MPCT": "video", "JOUR": "report"}


def parse_ris(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    text = decode_text(data)
    lines = text.replace("\r\n", "\n").rstrip().splitlines()
    text = "\n".join(lines)
    if not lines or not lines[-1].startswith("ER  -"):
        # A list cut short loses its last reference to rispy; close it so it is kept.
        text += "\nER  - "
    try:
        # Zotero and others write tags rispy does not know; rispy keeps those under "unknown_tag".
        entries = rispy.loads(text + "\n", skip_unknown_tags=False)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ImportRejected(f"{label} is not a readable RIS file.") from error
    resources = [item for item in map(_resource, entries) if item is not None]
    if not resources:
        raise ImportRejected(f"{label} holds no references with a title.")
    return ParsedSource("ris", build_pack(f"ris:{label}", label, resources), [])


def _first(entry: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = next((item for item in value if str(item).strip()), None)
        if value not in (None, ""):
            return value
    return None


def _resource(entry: dict[str, Any]) -> PackResource | None:
    title = plain(_first(entry, "title", "primary_title", "short_title", "translated_title"))
    if not title:
        return None
    published = None
    for key in ("date", "year", "publication_year"):
        published = published or lenient_date(plain(_first(entry, key)))
    url = plain(_first(entry, "urls"))
    doi = plain(_first(entry, "doi"))
    uid = best_uid(title, doi=doi, url=url, year=published.year if published else None)
    kind = _KINDS.get(str(entry.get("type_of_reference") or "").strip().upper(), "report")
    return new_resource(
        uid,
        kind,
        title,
        summary=html_to_text(str(_first(entry, "abstract", "notes_abstract") or "")),
        url=url,
        source=plain(_first(entry, "secondary_title", "journal_name", "alternate_title3")),
        published=published,
        authors=_names(entry.get("authors") or entry.get("first_authors")),
        topics=split_values(entry.get("keywords")),
        organisations=split_values(entry.get("publisher")),
    )


def _names(value: Any) -> list[str]:
    return [plain(name) for name in (value or []) if plain(name)]
