"""Tables for keeping the library current: alerts, and which starter packs it has.

``alerts`` is the user's own data: a change its source made to a resource the
person bookmarked, collected or logged for CPD. Like the other user tables it
names resources by ``uid`` with no foreign key, so no catalogue change can
cascade into it. ``review_notices`` remembers each review-due date already
raised, so each is raised once. ``starter_packs`` records each starter pack a
library was given and the digest of the manifest it was given, so a pack that
ships with a later release is loaded once, and a changed one only fills in what
is missing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from resources_db.models import Base


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), index=True)
    change: Mapped[str] = mapped_column(String(20))  # updated, superseded, withdrawn, retracted
    detail: Mapped[str] = mapped_column(Text, default="")
    # The replacement (a uid in the library, or an address) when superseded.
    replacement: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    seen: Mapped[bool] = mapped_column(default=False, server_default="0")


class ReviewNotice(Base):
    """A review-due date already turned into an alert, so it is raised once (a
    dismissed alert stays dismissed); a later review-due date is a new notice."""

    __tablename__ = "review_notices"

    resource_uid: Mapped[str] = mapped_column(String(500), primary_key=True)
    review_due: Mapped[date] = mapped_column(Date, primary_key=True)


class StarterPack(Base):
    __tablename__ = "starter_packs"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    # sha256 of the manifest last applied; empty for a pack given before digests were kept.
    digest: Mapped[str] = mapped_column(String(64), default="", server_default="")
    loaded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
