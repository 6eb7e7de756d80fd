"""The private practice record: CPD entries, reflective accounts, and its lock.

The person's alone: no pack, resource export or team sync reads these tables
(``PRIVATE_TABLES`` names them for anything that copies tables wholesale).
Resources are referred to by ``uid`` with no foreign key, like the rest of the
user's data, so a catalogue change never touches the record. The text columns
hold either plain text or, once the record is locked, a value sealed by
``practice_crypto`` (``practice_state`` says which).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resources_db.models import Base

reflection_cpd = Table(
    "practice_reflection_cpd",
    Base.metadata,
    Column(
        "reflection_id",
        ForeignKey("practice_reflections.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("cpd_id", ForeignKey("practice_cpd.id", ondelete="CASCADE"), primary_key=True),
)


class CpdEntry(Base):
    """One piece of learning, in the NMC CPD log's terms."""

    __tablename__ = "practice_cpd"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across backups and merges; also binds each sealed field to its row.
    key: Mapped[str] = mapped_column(String(36), unique=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    method: Mapped[str] = mapped_column(String(40))
    minutes: Mapped[int] = mapped_column(Integer)
    participatory: Mapped[bool] = mapped_column(default=False)
    resource_uid: Mapped[str] = mapped_column(String(500), default="", index=True)
    topic: Mapped[str] = mapped_column(Text, default="")  # sealed when locked
    note: Mapped[str] = mapped_column(Text, default="")  # how it relates to practice; sealed
    code: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class ReflectiveAccount(Base):
    """One NMC reflective accounts form; every answer is sealed when locked."""

    __tablename__ = "practice_reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)
    written: Mapped[date] = mapped_column(Date)
    resource_uid: Mapped[str] = mapped_column(String(500), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    what: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    changed: Mapped[str] = mapped_column(Text, default="")
    relevance: Mapped[str] = mapped_column(Text, default="")  # how it is relevant to the Code
    code: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    cpd_entries: Mapped[list[CpdEntry]] = relationship(
        secondary=reflection_cpd, order_by=CpdEntry.day
    )


class PracticeState(Base):
    """One row: the renewal date the person set, and the lock (null when unlocked)."""

    __tablename__ = "practice_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    renewal_date: Mapped[date | None] = mapped_column(Date)
    lock_salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    lock_n: Mapped[int | None] = mapped_column(Integer)
    lock_r: Mapped[int | None] = mapped_column(Integer)
    lock_p: Mapped[int | None] = mapped_column(Integer)
    lock_check: Mapped[bytes | None] = mapped_column(LargeBinary)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)


class ReadingTime(Base):
    """How long a resource was open on a day (the detail pane, its PDF window): what a
    suggestion to log e-learning rests on. Only kinds learned from that way are kept."""

    __tablename__ = "practice_reading"

    resource_uid: Mapped[str] = mapped_column(String(500), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    seconds: Mapped[int] = mapped_column(Integer, default=0)


class CpdSuggestion(Base):
    """An entry the app proposes from what it saw; nothing is logged until the person
    confirms it. ``key`` says what it is about, so the same thing is never proposed
    twice: a dismissed or confirmed suggestion stays, with its ``state``."""

    __tablename__ = "practice_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(600), unique=True)
    resource_uid: Mapped[str] = mapped_column(String(500), index=True)
    day: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(40))
    minutes: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))  # listened, opened
    state: Mapped[str] = mapped_column(String(20), default="open")  # confirmed, dismissed
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)


PRIVATE_TABLES: tuple[str, ...] = (
    "practice_cpd",
    "practice_reflections",
    "practice_reflection_cpd",
    "practice_state",
    "practice_reading",
    "practice_suggestions",
)
