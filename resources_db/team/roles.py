"""The group roles of one team library, named after its database.

Roles are global to a PostgreSQL cluster, so each team database gets its own
three: ``<db>_owner`` (NOLOGIN; owns every table, so no login owns one),
``<db>_curator`` and ``<db>_member`` (NOLOGIN groups that logins are granted).
Curators are members too, so what members may read, curators may read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCHEMA = "imh"
_UNSAFE = re.compile(r"[^a-z0-9_]+")
MAX_IDENTIFIER = 63


@dataclass(frozen=True)
class TeamRoles:
    owner: str
    curator: str
    member: str

    @classmethod
    def for_database(cls, database: str) -> TeamRoles:
        prefix = _UNSAFE.sub("_", database.lower()).strip("_") or "team"
        prefix = prefix[: MAX_IDENTIFIER - len("_curator")]
        return cls(f"{prefix}_owner", f"{prefix}_curator", f"{prefix}_member")

    def of(self, role: str) -> str:
        """The group role for ``curator`` or ``member``."""
        return self.curator if role == "curator" else self.member


ROLES = ("curator", "member")
