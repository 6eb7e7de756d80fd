"""The Whoosh schema and how a ResourceDocument fills it."""

from __future__ import annotations

import hashlib
from typing import Any

from whoosh import columns
from whoosh.fields import BOOLEAN, COLUMN, ID, KEYWORD, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from resources_db.documents import ResourceDocument
from search_index.analysis import name_analyzer, text_analyzer, word_analyzer
from search_index.formats import PackedPositions, WeightedSections
from search_index.moments import chapter_text, pack, transcript_text

# Bump whenever the schema or the analysis changes: an index with another
# version is stale and rebuilt from the database.
# (tests/search_index/test_schema_version.py fails when they change without it.)
SCHEMA_VERSION = 13

# The sections of the one searchable text field, in order, and their weight
# in ranking: title over names over summary over body.
TEXT_FIELD_BOOSTS: dict[str, float] = {
    "title": 5.0,
    "names": 3.0,
    "summary": 2.0,
    "kind_text": 1.5,
    "extra": 1.2,
    "body": 1.0,
    # An episode's chapter titles and transcript (search_index/moments.py).
    "chapters": 1.2,
    "transcript": 0.8,
}
TEXT_FIELD = "text"
TITLE_FIELD = "title"

# Facet name -> the exact-value field counted and filtered on.
FACET_FIELDS: dict[str, str] = {
    "kind": "kind",
    "topic": "topic",
    "organisation": "organisation",
    "year": "year",
    "audience": "audience",
    "setting": "setting",
    "format": "format",
    "tag": "tag",  # the user's own tags
    "status": "status",  # currency: current, updated, superseded, withdrawn, retracted
}
KEYWORD_FACETS = (
    "kind",
    "topic",
    "organisation",
    "audience",
    "setting",
    "format",
    "tag",
    "status",
)
# "Did you mean" learns words from titles, summaries, names and topics: the
# body repeats that vocabulary and would double the cost of indexing.
# Directory entries (who an organisation or person is) rank below the
# resources themselves when both match equally.
KIND_BOOSTS: dict[str, float] = {"organisation": 0.6, "person": 0.6}
# What has been replaced or taken back still answers a search (people look it up),
# but below what is current, and never first in the newest-first list of everything.
STATUS_BOOSTS: dict[str, float] = {"superseded": 0.5, "withdrawn": 0.3, "retracted": 0.3}
# What a hit shows as its snippet comes from the start of a long text.
SNIPPET_SOURCE_CHARS = 3000


def _positional(analyzer, format_: PackedPositions, *, scorable: bool) -> FieldType:  # type: ignore[no-untyped-def]
    field = TEXT(analyzer=analyzer)
    field.format = format_
    field.scorable = scorable
    return field


def _existence(field: FieldType) -> FieldType:
    field.format = Existence()
    field.scorable = False
    return field


def build_schema() -> Schema:
    def facet() -> FieldType:
        return _existence(KEYWORD(commas=True, lowercase=False, scorable=False))

    names = name_analyzer()
    return Schema(
        uid=ID(unique=True, stored=True),
        kind=_existence(ID()),
        text=_positional(
            text_analyzer(), WeightedSections(tuple(TEXT_FIELD_BOOSTS.values())), scorable=True
        ),
        # Titles again, on their own: a word in a short title counts for more
        # than the same word in a long text (evaluate.py adds the two scores).
        title=TEXT(analyzer=text_analyzer(), phrase=False),
        # Filter fields: names matched as phrases of folded, unstemmed words.
        authors_text=_positional(names, PackedPositions(), scorable=False),
        organisations_text=_positional(names, PackedPositions(), scorable=False),
        campaign_text=_positional(names, PackedPositions(), scorable=False),
        topics_text=_positional(text_analyzer(), PackedPositions(), scorable=False),
        # Unstemmed words, for "did you mean".
        spell=_existence(TEXT(analyzer=word_analyzer(), phrase=False)),
        topic=facet(),
        organisation=facet(),
        audience=facet(),
        setting=facet(),
        format=facet(),
        tag=facet(),
        # The same tags case-folded: tag:NAME matches whatever the case typed.
        tag_key=facet(),
        year=COLUMN(columns.NumericColumn("i", default=0)),
        published=COLUMN(columns.NumericColumn("i", default=0)),
        title_sort=COLUMN(columns.VarBytesColumn()),
        withdrawn=BOOLEAN(),
        # Currency: current, updated, superseded, withdrawn or retracted (status:current).
        status=_existence(ID()),
        display=STORED(),
        # What the entry was made from, so that ``check`` can tell a stale entry.
        fingerprint=STORED(),
        # An episode's transcript in windows with times and speakers, compressed.
        moments=STORED(),
    )


def _keywords(values: tuple[str, ...]) -> str:
    # KEYWORD(commas=True) splits on commas, so a comma inside a name would
    # split it; names keep their words, commas become spaces.
    return ",".join(" ".join(v.replace(",", " ").split()) for v in values if v.strip())


def fingerprint(doc: ResourceDocument) -> str:
    """A short hash of everything the index is told about a resource."""
    return hashlib.blake2b(repr(doc).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def document_fields(doc: ResourceDocument) -> dict[str, Any]:
    # Campaign names and hashtags weigh like names: "#IMHAW2020" is what
    # people type to find the campaign itself.
    names = " ".join((*doc.authors, *doc.organisations, *doc.campaigns))
    extra = " ".join((*doc.topics, *doc.extra_text))
    published = doc.published
    fields: dict[str, Any] = {
        "uid": doc.uid,
        "kind": doc.kind,
        # In the order of TEXT_FIELD_BOOSTS.
        TEXT_FIELD: (
            doc.title,
            names,
            doc.summary,
            doc.kind,
            extra,
            doc.body,
            chapter_text(doc.spoken),
            transcript_text(doc.spoken),
        ),
        TITLE_FIELD: doc.title,
        "authors_text": " | ".join(doc.authors),
        "organisations_text": " | ".join(doc.organisations),
        "campaign_text": " | ".join(doc.campaigns),
        "topics_text": " | ".join(doc.topics),
        "spell": " ".join((doc.title, doc.summary, names, extra)),
        "topic": _keywords(doc.topics),
        "organisation": _keywords(doc.organisations),
        "audience": _keywords(doc.audience),
        "setting": _keywords(doc.settings),
        "format": _keywords(doc.formats),
        "tag": _keywords(doc.tags),
        "tag_key": _keywords(tuple(tag.casefold() for tag in doc.tags)),
        "title_sort": doc.title.casefold()[:200].encode("utf-8"),
        "withdrawn": doc.withdrawn,
        "status": doc.status,
        "display": {
            "kind": doc.kind,
            "title": doc.title,
            "summary": doc.summary,
            "body": doc.body[:SNIPPET_SOURCE_CHARS],
            "organisations": list(doc.organisations),
            "authors": list(doc.authors),
            "url": doc.url,
            "year": published.year if published else None,
        },
        "fingerprint": fingerprint(doc),
    }
    moments = pack(doc.spoken)
    if moments is not None:
        fields["moments"] = moments
    if published is not None:
        fields["year"] = published.year
        fields["published"] = published.year * 10000 + published.month * 100 + published.day
    return fields
