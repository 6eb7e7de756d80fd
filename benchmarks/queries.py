"""The fixed benchmark queries: what people type, drawn from the generator's vocabulary.

Every word, phrase, organisation and author below is one the synthetic catalogue
(``benchmarks.generate``) uses often, so each query has hits at any size worth
measuring. Organisation and author names are the most frequent ones of the
generator's fixed, seed-independent lists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchQuery:
    text: str
    category: str
    as_you_type: bool = False  # typed so far: the last word may be unfinished


def _all(category: str, texts: tuple[str, ...], *, as_you_type: bool = False) -> list[BenchQuery]:
    return [BenchQuery(text, category, as_you_type) for text in texts]


SINGLE_WORDS = (
    "attachment",
    "perinatal",
    "sleep",
    "safeguarding",
    "fathers",
    "trauma",
    "breastfeeding",
    "CAMHS",
    "midwives",
    "commissioning",
)
SEVERAL_WORDS = (
    "infant feeding support",
    "parent infant relationship",
    "sleep crying baby",
    "trauma informed care",
    "workforce training health visitors",
    "postnatal depression fathers",
    "early years evidence",
    "neonatal unit parents",
)
PHRASES = (
    '"health visiting"',
    '"postnatal depression"',
    '"infant mental health"',
    '"early years"',
    '"responsive caregiving"',
    '"first 1001 days" policy',
)
FILTERS = (
    "type:podcast",
    "type:podcast sleep",
    "type:report attachment",
    "org:Pennington",
    'org:"Lowther Baby Wellbeing Consortium"',
    "author:Rossmore",
    'author:"Emeka Rossmore" perinatal',
    "topic:attachment",
    "topic:sleep feeding",
    "type:briefing org:Westmere",
)
YEAR_RANGES = (
    "year:2015..2020",
    "perinatal year:2015..2020",
    "type:video year:2010..2012",
    "attachment year:2020..2026",
)
PREFIXES = (
    "atta",
    "health vis",
    "perin",
    "safegu",
    "breastf",
    "infant ment",
    "postnatal dep",
)
MISSPELLINGS = (
    "atachment",
    "perinatl",
    "safegaurding",
    "pregancy",
    "helth visiting",
)

QUERIES: tuple[BenchQuery, ...] = (
    *_all("word", SINGLE_WORDS),
    *_all("words", SEVERAL_WORDS),
    *_all("phrase", PHRASES),
    *_all("filter", FILTERS),
    *_all("year", YEAR_RANGES),
    *_all("prefix", PREFIXES, as_you_type=True),
    *_all("misspelling", MISSPELLINGS),
)

# One word typed a letter at a time: the searches behind the first page of results.
TYPING_SEQUENCE: tuple[str, ...] = ("p", "pe", "per", "peri", "perin", "perinatal")
