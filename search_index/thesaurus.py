"""The IMH thesaurus: acronyms and synonyms searched as one another."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from resources_db.bundled import bundled_path


@dataclass(frozen=True)
class Expansion:
    start: int
    end: int
    matched: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[tuple[str, ...], ...]

    @classmethod
    @cache
    def load(cls) -> Thesaurus:
        data = json.loads(bundled_path("search_index", "data", "thesaurus.json").read_text("utf-8"))
        return cls(tuple(tuple(group) for group in data["groups"]))

    @property
    def _entries(self) -> list[tuple[str, tuple[str, ...]]]:
        return _entries(self)

    def find(self, text: str) -> list[Expansion]:
        """Non-overlapping matches in ``text``, longest entries first."""
        taken: list[tuple[int, int]] = []
        found: list[Expansion] = []
        for entry, group in self._entries:
            pattern = r"(?<![\w-])" + re.escape(entry) + r"(?![\w-])"
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                span = match.span()
                if any(span[0] < end and start < span[1] for start, end in taken):
                    continue
                taken.append(span)
                others = tuple(g for g in group if g.casefold() != entry.casefold())
                found.append(Expansion(span[0], span[1], match.group(0), others))
        return sorted(found, key=lambda e: e.start)


@cache
def _entries(thesaurus: Thesaurus) -> list[tuple[str, tuple[str, ...]]]:
    pairs = [(entry, group) for group in thesaurus.groups for entry in group]
    return sorted(pairs, key=lambda pair: -len(pair[0]))
