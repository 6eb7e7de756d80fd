"""The index's schema and analysis change only together with SCHEMA_VERSION.

An index built by another version of the app is rebuilt only when its stamp
differs, so a change to the fields, to how a resource fills them or to how
their text is analysed must come with a new ``SCHEMA_VERSION``. This compares
what the schema does with a sample resource against the record committed
beside this file. After raising the version, record the new schema with:

    uv run python -m tests.search_index.test_schema_version
"""

from __future__ import annotations

import json
import zlib
from datetime import date
from pathlib import Path
from typing import Any

from resources_db.documents import ResourceDocument
from resources_db.transcripts.model import Chapter, Cue, Spoken
from search_index.schema import SCHEMA_VERSION, build_schema, document_fields

RECORD = Path(__file__).with_name("index_schema.json")

SAMPLE = ResourceDocument(
    uid="sample/1",
    kind="podcast episode",
    title="Babies' behaviour: the paediatric programme in the first 1,001 days",
    summary="Why babies cry, and what CAMHS and health visitors (HV) can do.",
    body="Zoë O'Neill talks about infant mental health, sleep and co-regulation.",
    url="https://example.org/sample",
    authors=("Zoë O'Neill", "Baldwin, S. A."),
    organisations=("Parent-Infant Foundation",),
    topics=("attachment", "perinatal mental health"),
    audience=("practitioner",),
    settings=("health visiting",),
    formats=("audio",),
    campaigns=("IMHAW 2020", "#IMHAW2020"),
    published=date(2020, 6, 10),
    withdrawn=False,
    extra_text=("Wednesday: the first 1001 days",),
    tags=("Week One", "sleep"),
    spoken=Spoken(
        cues=(
            Cue(0.0, 4.5, "Welcome back. Today: serve and", "Amy Brown"),
            Cue(4.5, 40.25, "return &amp; babies' sleep.", "Ben Okafor"),
        ),
        chapters=(Chapter(0.0, "Introduction"), Chapter(30.0, "Sleep")),
    ),
)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items())}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)


def describe() -> dict[str, Any]:
    """What the schema is and what it makes of the sample resource."""
    fields = document_fields(SAMPLE)
    # Moments are stored compressed; zlib builds differ in bytes, not in what they hold.
    fields["moments"] = json.loads(zlib.decompress(fields["moments"]))
    described: dict[str, Any] = {}
    for name, field in sorted(build_schema().items()):
        entry: dict[str, Any] = {
            "type": type(field).__name__,
            "format": type(field.format).__name__ if field.format else None,
            "stored": bool(field.stored),
            "unique": bool(field.unique),
            "scorable": bool(field.scorable),
            "column": type(field.column_type).__name__ if field.column_type else None,
        }
        value = fields.get(name)
        if value is not None and field.indexed:
            # (word, frequency, weight, value) per word, in a fixed order.
            postings = sorted(field.index(value))
            entry["indexed"] = [[w.decode("utf-8"), *_plain(rest)] for w, *rest in postings]
        if value is not None and field.column_type:
            entry["column_value"] = _plain(field.to_column_value(value))
        described[name] = entry
    return {"fields": described, "sample": _plain(fields)}


def test_the_index_schema_changes_only_with_a_new_schema_version() -> None:
    recorded = json.loads(RECORD.read_text("utf-8"))
    if describe() != recorded["description"]:
        assert recorded["schema_version"] != SCHEMA_VERSION, (
            "The index schema or its analysis changed: raise SCHEMA_VERSION in "
            "search_index/schema.py so that old indexes are rebuilt."
        )
    assert recorded["schema_version"] == SCHEMA_VERSION, (
        "SCHEMA_VERSION was raised: record the schema with "
        "`uv run python -m tests.search_index.test_schema_version`."
    )
    assert describe() == recorded["description"]


if __name__ == "__main__":
    record = {"schema_version": SCHEMA_VERSION, "description": describe()}
    RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"Recorded schema version {SCHEMA_VERSION} in {RECORD}.")
