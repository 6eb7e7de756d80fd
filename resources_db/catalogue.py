"""Reading the catalogue into plain data: index documents, details, statistics."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from resources_db import edits, resource_bin, user_tags
from resources_db.currency import Currency, currency_of, effective_status
from resources_db.documents import ResourceDocument
from resources_db.edits import FieldEdit
from resources_db.models import Campaign, Organisation, Person, Resource
from resources_db.transcripts import store as transcript_store
from resources_db.transcripts.model import Chapter
from resources_db.transcripts.store import TranscriptInfo

# Everything a resource shows or exports, loaded up front (no lazy load per row).
FULL_RESOURCE = (
    selectinload(Resource.organisations),
    selectinload(Resource.authors),
    selectinload(Resource.terms),
    selectinload(Resource.attachments),
    selectinload(Resource.campaign).selectinload(Campaign.hashtags),
    selectinload(Resource.campaign).selectinload(Campaign.figures),
    selectinload(Resource.campaign).selectinload(Campaign.days),
)


@dataclass(frozen=True)
class AttachmentInfo:
    title: str
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class CampaignInfo:
    name: str
    short_name: str
    edition: str
    first_held: int | None
    recurrence: str
    starts: date | None
    ends: date | None
    theme: str
    hashtags: list[str]
    figures: list[dict[str, object]]
    days: list[dict[str, object]]  # day (date), theme, uid


@dataclass(frozen=True)
class ResourceDetail:
    """Everything the detail pane and ``show`` display about one resource."""

    document: ResourceDocument
    duration_seconds: int | None
    source: str
    part_of: tuple[str, str] | None  # (uid, title)
    parts: list[tuple[str, str]] = field(default_factory=list)  # (uid, title)
    attachments: list[AttachmentInfo] = field(default_factory=list)
    campaign: CampaignInfo | None = None
    media_url: str = ""
    episode: int | None = None
    season: int | None = None
    # Bibliographic details (reference imports) and fields no column holds, as labelled.
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    extra: list[tuple[str, str]] = field(default_factory=list)
    # The user's layer: own tags, fields they edited (with the source's latest
    # value), and when the resource went to the bin (None: it is not there).
    tags: list[str] = field(default_factory=list)
    edits: list[FieldEdit] = field(default_factory=list)
    deleted_at: datetime | None = None
    # An episode's transcript (None: it has none) and chapters.
    transcript: TranscriptInfo | None = None
    chapters: list[Chapter] = field(default_factory=list)
    # Status, review dates and replacement links (resources_db/currency.py).
    currency: Currency = field(default_factory=Currency)

    @property
    def made_by_hand(self) -> bool:
        """Added in this library (``local/<uuid>``): every field is the user's own."""
        return self.document.uid.startswith(LOCAL_PREFIX)


LOCAL_PREFIX = "local/"


def _campaign_text(campaign: Campaign | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(campaign names and hashtags, extra searchable text) for a campaign resource."""
    if campaign is None:
        return (), ()
    names = tuple(value for value in (campaign.name, campaign.short_name) if value) + tuple(
        h.tag for h in campaign.hashtags
    )
    extra = [campaign.theme, campaign.recurrence]
    extra += [day.theme for day in campaign.days]
    extra += [
        f"{f.value:,.0f} {f.metric} {f.platform} {f.hashtag}".strip() for f in campaign.figures
    ]
    return names, tuple(text for text in extra if text)


def to_document(
    resource: Resource, parent: Resource | None = None, tags: Sequence[str] = ()
) -> ResourceDocument:
    campaigns, extra = _campaign_text(resource.campaign)
    if parent is not None and parent.campaign is not None:
        # A campaign day is found by its week's name and hashtags too.
        campaigns += _campaign_text(parent.campaign)[0]
    return ResourceDocument(
        uid=resource.uid,
        kind=resource.kind,
        title=resource.title,
        summary=resource.summary,
        body=resource.body,
        url=resource.url,
        authors=tuple(person.name for person in resource.authors),
        organisations=tuple(org.name for org in resource.organisations),
        topics=tuple(resource.vocabulary("topic")),
        audience=tuple(resource.vocabulary("audience")),
        settings=tuple(resource.vocabulary("setting")),
        formats=tuple(resource.vocabulary("format")),
        campaigns=campaigns,
        published=resource.published,
        withdrawn=resource.withdrawn,
        status=effective_status(resource),
        extra_text=extra,
        tags=tuple(tags),
    )


def _parents(session: Session, resources: Iterable[Resource]) -> dict[str, Resource]:
    uids = {r.part_of_uid for r in resources if r.part_of_uid}
    if not uids:
        return {}
    rows = session.scalars(select(Resource).where(Resource.uid.in_(uids)).options(*FULL_RESOURCE))
    return {parent.uid: parent for parent in rows}


def load_documents(session: Session, uids: Iterable[str]) -> dict[str, ResourceDocument]:
    """Documents for the uids that exist and are not in the bin; others are simply
    missing from the result (and so leave the search index)."""
    wanted = list(dict.fromkeys(uids))
    found: dict[str, ResourceDocument] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        resources = list(
            session.scalars(
                select(Resource)
                .where(Resource.uid.in_(chunk), resource_bin.not_binned(Resource.uid))
                .options(*FULL_RESOURCE)
            )
        )
        parents = _parents(session, resources)
        tags = user_tags.tags_by_uid(session, chunk)
        for resource in resources:
            found[resource.uid] = to_document(
                resource, parents.get(resource.part_of_uid or ""), tags.get(resource.uid, ())
            )
        for uid, spoken in transcript_store.spoken_for(session, chunk).items():
            if uid in found:
                found[uid] = replace(found[uid], spoken=spoken)
    return found


def iter_documents(session: Session, batch: int = 1000) -> Iterator[ResourceDocument]:
    """Every resource outside the bin, in id order, loaded a batch at a time."""
    last_id = 0
    while True:
        resources = list(
            session.scalars(
                select(Resource)
                .where(Resource.id > last_id, resource_bin.not_binned(Resource.uid))
                .order_by(Resource.id)
                .limit(batch)
                .options(*FULL_RESOURCE)
            )
        )
        if not resources:
            return
        parents = _parents(session, resources)
        tags = user_tags.tags_by_uid(session, [resource.uid for resource in resources])
        spoken = transcript_store.spoken_for(session, [resource.uid for resource in resources])
        for resource in resources:
            document = to_document(
                resource, parents.get(resource.part_of_uid or ""), tags.get(resource.uid, ())
            )
            said = spoken.get(resource.uid)
            yield document if said is None else replace(document, spoken=said)
        last_id = resources[-1].id


def resource_detail(session: Session, uid: str) -> ResourceDetail | None:
    resource = session.scalar(select(Resource).where(Resource.uid == uid).options(*FULL_RESOURCE))
    if resource is None:
        return None
    parent = _parents(session, [resource]).get(resource.part_of_uid or "")
    parts = session.execute(
        select(Resource.uid, Resource.title)
        .where(Resource.part_of_uid == uid)
        .order_by(Resource.published, Resource.title)
    ).all()
    return ResourceDetail(
        document=to_document(resource, parent),
        duration_seconds=resource.duration_seconds,
        source=resource.source,
        part_of=(parent.uid, parent.title) if parent else None,
        parts=[(row.uid, row.title) for row in parts],
        attachments=[
            AttachmentInfo(a.title, a.filename, a.media_type, a.size, a.sha256)
            for a in resource.attachments
        ],
        campaign=_campaign_info(resource.campaign),
        media_url=resource.media_url,
        episode=resource.episode_number,
        season=resource.season_number,
        journal=resource.journal,
        volume=resource.volume,
        issue=resource.issue,
        pages=resource.pages,
        doi=resource.doi,
        extra=[(str(label), str(value)) for label, value in resource.extra or []],
        tags=user_tags.tags_of(session, uid),
        edits=edits.edits_of(session, uid),
        deleted_at=resource_bin.deleted_at(session, uid),
        transcript=transcript_store.transcript_of(session, uid),
        chapters=transcript_store.chapters_of(session, uid),
        currency=currency_of(session, resource),
    )


def _campaign_info(campaign: Campaign | None) -> CampaignInfo | None:
    if campaign is None:
        return None
    return CampaignInfo(
        name=campaign.name,
        short_name=campaign.short_name,
        edition=campaign.edition,
        first_held=campaign.first_held,
        recurrence=campaign.recurrence,
        starts=campaign.starts,
        ends=campaign.ends,
        theme=campaign.theme,
        hashtags=[h.tag for h in campaign.hashtags],
        figures=[
            {
                "metric": f.metric,
                "value": f.value,
                "platform": f.platform,
                "hashtag": f.hashtag,
                "note": f.note,
            }
            for f in campaign.figures
        ],
        days=[{"day": d.day, "theme": d.theme, "uid": d.resource_uid} for d in campaign.days],
    )


def titles(session: Session, uids: Iterable[str]) -> dict[str, str]:
    wanted = list(uids)
    rows = session.execute(select(Resource.uid, Resource.title).where(Resource.uid.in_(wanted)))
    return {row.uid: row.title for row in rows}


def kind_of(session: Session, uid: str) -> str | None:
    """The kind of ``uid``, or None when there is no such resource."""
    return session.scalar(select(Resource.kind).where(Resource.uid == uid))


def all_uids(session: Session) -> set[str]:
    return set(session.scalars(select(Resource.uid)))


def resource_count(session: Session, *, with_bin: bool = False) -> int:
    """How many resources the library shows (``with_bin``: those in the bin too)."""
    query = select(func.count()).select_from(Resource)
    if not with_bin:
        query = query.where(resource_bin.not_binned(Resource.uid))
    return session.scalar(query) or 0


def kind_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Resource.kind, func.count())
        .where(resource_bin.not_binned(Resource.uid))
        .group_by(Resource.kind)
        .order_by(Resource.kind)
    )
    return {kind: count for kind, count in rows}


def directory_counts(session: Session) -> dict[str, int]:
    return {
        "organisations": session.scalar(select(func.count()).select_from(Organisation)) or 0,
        "people": session.scalar(select(func.count()).select_from(Person)) or 0,
        "campaigns": session.scalar(select(func.count()).select_from(Campaign)) or 0,
    }


def plain_search(
    session: Session, words: Sequence[str], *, kinds: Sequence[str] = (), limit: int = 50
) -> tuple[int, list[ResourceDocument]]:
    """Resources whose title or summary holds every word: a stand-in while the
    search index is being rebuilt, so searching never simply stops working."""
    query = select(Resource).where(
        Resource.withdrawn.is_(False), resource_bin.not_binned(Resource.uid)
    )
    for word in words[:8]:
        pattern = f"%{word}%"
        query = query.where(Resource.title.ilike(pattern) | Resource.summary.ilike(pattern))
    if kinds:
        query = query.where(Resource.kind.in_([k.lower() for k in kinds]))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Resource.published.desc()).limit(limit)).all()
    return total, [to_document(row) for row in rows]
