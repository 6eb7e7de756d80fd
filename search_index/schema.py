"""The Whoosh schema and how a ResourceDocument fills it."""

from __future__ import annotations

from typing import Any

from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.scoring import BM25F

from resources_db.documents import ResourceDocument
from search_index.analysis import name_analyzer, text_analyzer, word_analyzer

# Bump whenever the schema or the analysis changes: an index with another
# version is stale and rebuilt from the database.
SCHEMA_VERSION = 5

# Free-text fields and their weight in ranking: title over summary over body.
TEXT_FIELD_BOOSTS: dict[str, float] = {
    "title": 5.0,
    "names": 3.0,
    "summary": 2.0,
    "kind_text": 1.5,
    "extra": 1.2,
    "body": 1.0,
}


def ranking() -> BM25F:
    # Gentler length normalisation on long fields than BM25's usual 0.75: a
    # full report that mentions a term often should not lose to a one-line
    # directory entry that mentions it once.
    return BM25F(B=0.75, K1=1.2, body_B=0.3, summary_B=0.5, extra_B=0.3, names_B=0.3)


# Facet name -> the exact-value field counted and filtered on.
FACET_FIELDS: dict[str, str] = {
    "kind": "kind",
    "topic": "topic",
    "organisation": "organisation",
    "year": "year",
    "audience": "audience",
    "setting": "setting",
    "format": "format",
}
# "Did you mean" learns words from the start of long bodies only: the rest
# repeats the vocabulary and would double the cost of indexing a report.
SPELL_BODY_CHARS = 1500
# Directory entries (who an organisation or person is) rank below the
# resources themselves when both match equally.
KIND_BOOSTS: dict[str, float] = {"organisation": 0.6, "person": 0.6}


def build_schema() -> Schema:
    text = text_analyzer()
    names = name_analyzer()

    def facet() -> KEYWORD:
        return KEYWORD(commas=True, lowercase=False, scorable=False, stored=False)

    return Schema(
        uid=ID(unique=True, stored=True),
        kind=ID(stored=True),
        title=TEXT(analyzer=text, stored=True, field_boost=TEXT_FIELD_BOOSTS["title"]),
        summary=TEXT(analyzer=text, stored=True, field_boost=TEXT_FIELD_BOOSTS["summary"]),
        body=TEXT(analyzer=text, stored=True, field_boost=TEXT_FIELD_BOOSTS["body"]),
        names=TEXT(analyzer=text, field_boost=TEXT_FIELD_BOOSTS["names"]),
        kind_text=TEXT(analyzer=text, field_boost=TEXT_FIELD_BOOSTS["kind_text"]),
        extra=TEXT(analyzer=text, field_boost=TEXT_FIELD_BOOSTS["extra"]),
        # Filter fields: names matched as phrases of folded, unstemmed words.
        authors_text=TEXT(analyzer=names),
        organisations_text=TEXT(analyzer=names),
        campaign_text=TEXT(analyzer=names),
        topics_text=TEXT(analyzer=text),
        # Unstemmed words of the whole document, for "did you mean".
        spell=TEXT(analyzer=word_analyzer(), phrase=False),
        topic=facet(),
        organisation=facet(),
        audience=facet(),
        setting=facet(),
        format=facet(),
        year=NUMERIC(int, bits=32, stored=True, sortable=True),
        published=NUMERIC(int, bits=32, sortable=True),
        title_sort=ID(sortable=True),
        withdrawn=BOOLEAN(),
        display=STORED(),
    )


def _keywords(values: tuple[str, ...]) -> str:
    # KEYWORD(commas=True) splits on commas, so a comma inside a name would
    # split it; names keep their words, commas become spaces.
    return ",".join(" ".join(v.replace(",", " ").split()) for v in values if v.strip())


def document_fields(doc: ResourceDocument) -> dict[str, Any]:
    # Campaign names and hashtags weigh like names: "#IMHAW2020" is what
    # people type to find the campaign itself.
    names = " ".join((*doc.authors, *doc.organisations, *doc.campaigns))
    published = doc.published
    fields: dict[str, Any] = {
        "uid": doc.uid,
        "kind": doc.kind,
        "title": doc.title,
        "summary": doc.summary,
        "body": doc.body,
        "names": names,
        "kind_text": doc.kind,
        "extra": " ".join((*doc.topics, *doc.extra_text)),
        "authors_text": " | ".join(doc.authors),
        "organisations_text": " | ".join(doc.organisations),
        "campaign_text": " | ".join(doc.campaigns),
        "topics_text": " | ".join(doc.topics),
        "spell": " ".join(
            (
                doc.title,
                doc.summary,
                doc.body[:SPELL_BODY_CHARS],
                names,
                *doc.topics,
                *doc.extra_text,
            )
        ),
        "topic": _keywords(doc.topics),
        "organisation": _keywords(doc.organisations),
        "audience": _keywords(doc.audience),
        "setting": _keywords(doc.settings),
        "format": _keywords(doc.formats),
        "title_sort": doc.title.casefold()[:200],
        "withdrawn": doc.withdrawn,
        "_boost": KIND_BOOSTS.get(doc.kind, 1.0),
        "display": {
            "organisations": list(doc.organisations),
            "authors": list(doc.authors),
            "url": doc.url,
        },
    }
    if published is not None:
        fields["year"] = published.year
        fields["published"] = published.year * 10000 + published.month * 100 + published.day
    return fields
