"""A person's name split into family and given names, as reference formats want it.

The catalogue keeps names as people read them ("Sally Hogg"). RIS and BibTeX
want "Hogg, Sally", CSL wants the parts. The split is checked against the
RIS importer's own reading (``person_name``): a name that would not come back
the same (an organisation, a name that already has a comma) is kept whole, as
Zotero keeps an institution's name in one field.
"""

from __future__ import annotations

from dataclasses import dataclass

from resources_db.importers.common import person_name

# Lower-case particles that belong to the family name ("van der Berg", "de la Cruz").
_PARTICLES = frozenset(
    (
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "st",
        "st.",
    )
)
_SUFFIXES = frozenset(("jr", "jr.", "sr", "sr.", "ii", "iii", "iv"))


@dataclass(frozen=True)
class NameParts:
    family: str
    given: str = ""
    suffix: str = ""

    @property
    def inverted(self) -> str:
        """ "Hogg, Sally" (with ", Jr." after when there is a suffix)."""
        return ", ".join(part for part in (self.family, self.given, self.suffix) if part)


def split_name(name: str) -> NameParts | None:
    """The parts of a person's name, or None when it is best kept whole (an organisation)."""
    words = name.split()
    if len(words) < 2 or "," in name:
        return None
    suffix = ""
    if words[-1].casefold() in _SUFFIXES and len(words) > 2:
        suffix = words.pop()
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    parts = NameParts(" ".join(words[start:]), " ".join(words[:start]), suffix)
    if person_name(parts.inverted) != " ".join(name.split()):
        return None
    return parts
