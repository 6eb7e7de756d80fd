"""SQLAlchemy models: the catalogue, the index queue and the user's own data.

Catalogue tables are replaced freely by imports. User tables (bookmarks,
collections, saved searches, history, playback, edits, the bin, tags) refer to
resources by their stable ``uid`` with no foreign key, so that a re-import, a
withdrawal or a catalogue rebuild can never cascade into what the user made.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


resource_organisations = Table(
    "resource_organisations",
    Base.metadata,
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)

resource_authors = Table(
    "resource_authors",
    Base.metadata,
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    # Authors keep the order their source gives (the first author leads a citation).
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)

resource_terms = Table(
    "resource_terms",
    Base.metadata,
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("terms.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    short_name: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000), default="")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000), default="")


class Term(Base):
    """A value of a controlled vocabulary: topic, audience, setting or format."""

    __tablename__ = "terms"
    __table_args__ = (UniqueConstraint("vocabulary", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))


class Resource(Base):
    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    published: Mapped[date | None] = mapped_column(Date)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    # Podcast episodes: the enclosure's address and the feed's numbering.
    media_url: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    episode_number: Mapped[int | None] = mapped_column(Integer)
    season_number: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500), default="")
    part_of_uid: Mapped[str | None] = mapped_column(String(500), index=True)
    # Bibliographic details that reference lists (RIS, CSV, JSON) carry.
    journal: Mapped[str] = mapped_column(String(500), default="", server_default="")
    volume: Mapped[str] = mapped_column(String(100), default="", server_default="")
    issue: Mapped[str] = mapped_column(String(100), default="", server_default="")
    pages: Mapped[str] = mapped_column(String(100), default="", server_default="")
    doi: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # What no column holds, kept as the source named it: [[label, value], ...].
    extra: Mapped[list[list[str]]] = mapped_column(JSON, default=list, server_default="[]")
    withdrawn: Mapped[bool] = mapped_column(default=False)
    # Currency (resources_db/currency.py): what the source says of the resource now,
    # when someone last checked it, and what replaced it or it replaces (a uid or an address).
    status: Mapped[str] = mapped_column(String(20), default="current", server_default="current")
    last_reviewed: Mapped[date | None] = mapped_column(Date)
    review_due: Mapped[date | None] = mapped_column(Date)
    superseded_by: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    replaces: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    # A hash of the content the source last gave (not its dates): a change means "updated".
    content_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    added_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    organisations: Mapped[list[Organisation]] = relationship(
        secondary=resource_organisations, order_by=Organisation.name
    )
    authors: Mapped[list[Person]] = relationship(
        secondary=resource_authors, order_by=(resource_authors.c.position, Person.name)
    )
    terms: Mapped[list[Term]] = relationship(secondary=resource_terms, order_by=Term.name)
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    campaign: Mapped[Campaign | None] = relationship(
        back_populates="resource", cascade="all, delete-orphan"
    )

    def vocabulary(self, name: str) -> list[str]:
        return [t.name for t in self.terms if t.vocabulary == name]


class Attachment(Base):
    """A file kept in the library folder under ``attachments/``, named by its SHA-256."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)

    resource: Mapped[Resource] = relationship(back_populates="attachments")


class Campaign(Base):
    """Awareness weeks and similar events: dates, theme, hashtags, figures, days."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    edition: Mapped[str] = mapped_column(String(60), default="")
    first_held: Mapped[int | None] = mapped_column(Integer)
    recurrence: Mapped[str] = mapped_column(String(200), default="")
    starts: Mapped[date | None] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date)
    theme: Mapped[str] = mapped_column(Text, default="")

    resource: Mapped[Resource] = relationship(back_populates="campaign")
    hashtags: Mapped[list[Hashtag]] = relationship(
        cascade="all, delete-orphan", order_by="Hashtag.position"
    )
    figures: Mapped[list[CampaignFigure]] = relationship(
        cascade="all, delete-orphan", order_by="CampaignFigure.position"
    )
    days: Mapped[list[CampaignDay]] = relationship(
        cascade="all, delete-orphan", order_by="CampaignDay.day"
    )


class Hashtag(Base):
    __tablename__ = "campaign_hashtags"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class CampaignFigure(Base):
    """A reported figure, e.g. 7,400 posts on Twitter using #IMHAW2020."""

    __tablename__ = "campaign_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    platform: Mapped[str] = mapped_column(String(100), default="")
    hashtag: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class CampaignDay(Base):
    __tablename__ = "campaign_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    theme: Mapped[str] = mapped_column(Text)
    resource_uid: Mapped[str] = mapped_column(String(500), default="")


class IndexQueueEntry(Base):
    """A resource whose search-index entry is out of date (filled in the same transaction)."""

    __tablename__ = "index_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(500), index=True)
    enqueued_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Subscription(Base):
    """A feed the library follows; ``imh-library refresh`` fetches it again."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(20), default="feed")  # feed or podcast
    added_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")


# --- the user's own data: never touched by catalogue changes -------------------------


class Bookmark(Base):
    __tablename__ = "bookmarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class Collection(Base):
    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    items: Mapped[list[CollectionItem]] = relationship(
        cascade="all, delete-orphan", order_by="CollectionItem.position"
    )


class CollectionItem(Base):
    __tablename__ = "collection_items"
    __table_args__ = (UniqueConstraint("collection_id", "resource_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"))
    resource_uid: Mapped[str] = mapped_column(String(500), index=True)
    position: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class SavedSearch(Base):
    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class HistoryEntry(Base):
    """Recently viewed: one row per resource, its last view time."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), unique=True)
    viewed_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class PlaybackPosition(Base):
    __tablename__ = "playback_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), unique=True)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


# A field's value as the source gave it, in JSON: text, a list of names,
# an ISO date, a number of seconds, or null.
SourceValue = str | int | list[str] | None


class ResourceEdit(Base):
    """A field the user edited, and the value its source last gave.

    The resources row holds what the user sees (their value); re-imports keep
    it and only update ``source_value`` here, raising ``source_changed`` when
    the source's value moved since it was last stored."""

    __tablename__ = "resource_edits"
    __table_args__ = (UniqueConstraint("resource_uid", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), index=True)
    field: Mapped[str] = mapped_column(String(40))
    source_value: Mapped[SourceValue] = mapped_column(JSON, nullable=True)
    source_changed: Mapped[bool] = mapped_column(default=False, server_default="0")
    edited_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class BinEntry(Base):
    """A resource the user deleted: out of search and lists until restored or the bin emptied."""

    __tablename__ = "bin"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), unique=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Tag(Base):
    """One of the user's own tags; ``folded`` makes names unique regardless of case."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    folded: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ResourceTag(Base):
    __tablename__ = "resource_tags"

    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), primary_key=True, index=True)


USER_TABLES: tuple[str, ...] = (
    "bookmarks",
    "collections",
    "collection_items",
    "saved_searches",
    "history",
    "playback_positions",
    "resource_edits",
    "bin",
    "tags",
    "resource_tags",
)

import resources_db.currency_models  # noqa: E402  (alerts, starter packs)
import resources_db.practice_models  # noqa: E402  (the practice record shares Base.metadata)
import resources_db.team.local_models  # noqa: E402  (the team library shares Base.metadata)
import resources_db.transcript_models  # noqa: E402, F401  (transcripts share Base.metadata)
