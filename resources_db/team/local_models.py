"""The laptop's record of its team library, in the library's own SQLite database.

``team_link`` says which server this library is joined to (its URL, never a
password), as whom, and the last library version pulled. ``team_resources``
and ``team_lists`` name the catalogue entries and collections that belong to
the team, each with the server version last seen and a hash of each field as
the server last gave it (``base``), so a push can tell what changed here and a
conflict can tell what changed there. ``team_outbox`` holds what is waiting to
be pushed; ``team_conflicts`` keeps the person's value wherever the server's
won. Resources not in ``team_resources`` are "only on this laptop".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from resources_db.models import Base

LINK_ID = 1


class TeamLink(Base):
    __tablename__ = "team_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    login: Mapped[str] = mapped_column(String(200))
    # curator, member, or revoked (the server took both roles away).
    role: Mapped[str] = mapped_column(String(20), default="")
    library_id: Mapped[str] = mapped_column(String(64), default="")
    library_version: Mapped[int] = mapped_column(Integer, default=0)
    joined_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_reconcile_at: Mapped[datetime | None] = mapped_column(DateTime)


class TeamResource(Base):
    __tablename__ = "team_resources"

    uid: Mapped[str] = mapped_column(String(500), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[bool] = mapped_column(default=False)
    base: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class TeamList(Base):
    __tablename__ = "team_lists"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Null once the local collection is gone (deleted here, or never made).
    collection_id: Mapped[int | None] = mapped_column(
        ForeignKey("collections.id", ondelete="SET NULL"), index=True
    )
    owner: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[bool] = mapped_column(default=False)
    base: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class TeamOutboxEntry(Base):
    """A resource or list changed here since its last push.

    One row per change (not per key): a push removes the rows it read, so a
    change made while it ran stays queued for the next one."""

    __tablename__ = "team_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # resource or list
    key: Mapped[str] = mapped_column(String(500), index=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class TeamConflict(Base):
    """The same field changed here and on the server: the server's value was kept."""

    __tablename__ = "team_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="resource")
    key: Mapped[str] = mapped_column(String(500), index=True)
    field: Mapped[str] = mapped_column(String(40))
    yours: Mapped[Any] = mapped_column(JSON, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept: Mapped[str] = mapped_column(String(10), default="theirs")
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    resolved: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")


TEAM_TABLES: tuple[str, ...] = (
    "team_link",
    "team_resources",
    "team_lists",
    "team_outbox",
    "team_conflicts",
)

import resources_db.team.tracking  # noqa: E402, F401  (registers the change hook)
