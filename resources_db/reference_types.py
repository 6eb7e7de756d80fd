"""How each kind of resource is named in reference lists: RIS, BibTeX and CSL, declared once.

RIS's TY reads back through the RIS importer's own TY table
(``resources_db.importers.ris``). Where the TY alone would come back as a
different kind (a podcast episode is ``SOUND``, which reads as "audio"), the
kind's name also goes in M3, the "type of work" Zotero reads, and the
importer takes the kind back from that pair. The tests round-trip every kind.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceType:
    ris: str  # RIS TY
    bibtex: str  # BibTeX entry type
    csl: str  # CSL item type (what citeproc and its styles read)
    label: str = ""  # the kind in words: RIS M3, CSL genre, BibTeX howpublished
    ris_names_kind: bool = False  # TY alone reads back as another kind: M3 names it


def _own(ris: str, bibtex: str, csl: str, label: str) -> ReferenceType:
    return ReferenceType(ris, bibtex, csl, label, ris_names_kind=True)


_TYPES: dict[str, ReferenceType] = {
    # The library's own kinds.
    "training": _own("GEN", "misc", "document", "Training resource"),
    "blog post": ReferenceType("BLOG", "misc", "post-weblog", "Blog post"),
    "podcast episode": _own("SOUND", "misc", "song", "Audio podcast episode"),
    "briefing": _own("RPRT", "techreport", "report", "Briefing"),
    "infographic": _own("ART", "misc", "graphic", "Infographic"),
    "open letter": _own("GEN", "misc", "document", "Open letter"),
    "report": ReferenceType("RPRT", "techreport", "report"),
    "video": ReferenceType("VIDEO", "misc", "motion_picture", "Video"),
    "campaign": _own("GEN", "misc", "document", "Campaign"),
    "campaign day": _own("GEN", "misc", "document", "Campaign day"),
    "statement": _own("GEN", "misc", "document", "Statement"),
    "organisation": _own("ELEC", "misc", "webpage", "Organisation"),
    "person": _own("ELEC", "misc", "webpage", "Person"),
    # Kinds reference lists bring: the TY the importer reads as that kind.
    "journal article": ReferenceType("JOUR", "article", "article-journal"),
    "magazine article": ReferenceType("MGZN", "article", "article-magazine"),
    "news article": ReferenceType("NEWS", "article", "article-newspaper"),
    "book": ReferenceType("BOOK", "book", "book"),
    "book chapter": ReferenceType("CHAP", "incollection", "chapter"),
    "thesis": ReferenceType("THES", "phdthesis", "thesis"),
    "conference paper": ReferenceType("CPAPER", "inproceedings", "paper-conference"),
    "web page": ReferenceType("ELEC", "misc", "webpage"),
    "patent": ReferenceType("PAT", "misc", "patent", "Patent"),
    "legal": ReferenceType("LEGAL", "misc", "legislation"),
    "film": ReferenceType("MPCT", "misc", "motion_picture", "Film"),
    "audio": ReferenceType("SOUND", "misc", "song", "Audio recording"),
    "presentation": ReferenceType("SLIDE", "misc", "speech", "Presentation"),
    "dataset": ReferenceType("DATA", "misc", "dataset", "Data set"),
    "software": ReferenceType("COMP", "misc", "software", "Computer software"),
    "map": ReferenceType("MAP", "misc", "map", "Map"),
    "image": ReferenceType("ART", "misc", "graphic", "Image"),
    "manuscript": ReferenceType("MANSCPT", "unpublished", "manuscript"),
    "encyclopedia entry": ReferenceType("ENCYC", "incollection", "entry-encyclopedia"),
    "personal communication": ReferenceType(
        "PCOMM", "misc", "personal_communication", "Personal communication"
    ),
    "leaflet": ReferenceType("PAMP", "booklet", "pamphlet"),
    "document": ReferenceType("GEN", "misc", "document"),
    "guidance": _own("RPRT", "techreport", "report", "Guidance"),
}


def reference_type(kind: str) -> ReferenceType:
    """The kind's reference type; a kind no table knows is a generic document named by it."""
    known = _TYPES.get(kind)
    if known is not None:
        return known
    return _own("GEN", "misc", "document", kind.strip().capitalize() or "Document")


def kind_named_in_ris(ty: str, type_of_work: str) -> str | None:
    """The library kind a TY and M3 pair names, when it is a pair this library writes."""
    wanted = type_of_work.strip().casefold()
    if not wanted:
        return None
    for kind, found in _TYPES.items():
        if found.ris_names_kind and found.ris == ty.upper() and found.label.casefold() == wanted:
            return kind
    return None
