"""A gentle check that a reflective account names no one (the NMC asks for nothing identifying).

It only warns: the person decides. It looks for what identifies people in
practice notes: NHS numbers, dates that may be dates of birth, a title and a
name (Mrs Patel), and capitalised words in mid-sentence that are not the
ordinary capitalised words of the work (days, months, services, the Code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)")
_BIRTH = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born on|born \d)", re.IGNORECASE)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Baby|Master)\.? [A-Z][a-z'’-]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_ORDINARY_WORDS = """
    i i'm i've i'd monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december nhs nmc code imh
    camhs hv gp uk england scotland wales ireland english british covid christmas easter
    health visitor visitors visiting midwife midwives midwifery nurse nursing service team
    trust council children's centre family hub hubs infant mental awareness week first days
    prioritise practise preserve promote professionalism safety people effectively
    mr mrs ms miss mx dr baby master mum dad
"""
_ORDINARY = frozenset(_ORDINARY_WORDS.split())


@dataclass(frozen=True)
class Hint:
    kind: str  # "nhs number", "date of birth" or "name"
    text: str  # what was found


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for match in re.finditer(r"[.!?:;\n]\s*|[\"“(]\s*", text):
        starts.add(match.end())
    return starts


def identifying_hints(text: str) -> list[Hint]:
    """What in ``text`` may identify a person; empty when nothing does."""
    hints = [Hint("nhs number", m.group()) for m in _NHS_NUMBER.finditer(text)]
    birth = _BIRTH.search(text)
    if birth is not None:
        hints.append(Hint("date of birth", birth.group()))
    hints += [
        Hint("date of birth", m.group())
        for m in _DATE.finditer(text)
        if not _NHS_NUMBER.search(m.group())
    ]
    hints += [Hint("name", m.group()) for m in _TITLED.finditer(text)]
    titled = {h.text.split()[-1] for h in hints if h.kind == "name"}
    starts = _sentence_starts(text)
    for match in _WORD.finditer(text):
        word = match.group()
        if (
            word[0].isupper()
            and not word.isupper()
            and match.start() not in starts
            and word.lower() not in _ORDINARY
            and word not in titled
        ):
            hints.append(Hint("name", word))
    return _unique(hints)


def _unique(hints: list[Hint]) -> list[Hint]:
    return list(dict.fromkeys(hints))


def warning(hints: list[Hint]) -> str:
    """One gentle sentence, or "" when there is nothing to say."""
    if not hints:
        return ""
    kinds = {h.kind for h in hints}
    what = []
    if "name" in kinds:
        names = ", ".join(dict.fromkeys(h.text for h in hints if h.kind == "name"))
        what.append(f"a name ({names})")
    if "nhs number" in kinds:
        what.append("an NHS number")
    if "date of birth" in kinds:
        what.append("a date of birth")
    return (
        f"This may contain {' and '.join(what)}; the NMC asks that reflective accounts "
        "identify no patient, service user or colleague."
    )
