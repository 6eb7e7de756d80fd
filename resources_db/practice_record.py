"""The practice record for NMC revalidation: a CPD log and reflective accounts.

Functions take the caller's session and, when the record is locked, the key
that opens it (``practice_lock.open_record``). Without the key a locked
record still gives its dates, methods and hours (so totals show), never its
words; writing words into a locked record needs the key.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db import practice_crypto
from resources_db.models import Resource
from resources_db.practice_models import CpdEntry, PracticeState, ReflectiveAccount
from resources_db.user_data import UserDataError

METHODS: tuple[str, ...] = (
    "reading",
    "podcast",
    "e-learning",
    "course",
    "study day",
    "conference",
    "supervision",
    "discussion with colleagues",
    "other",
)
CODE_THEMES: tuple[str, ...] = (
    "prioritise people",
    "practise effectively",
    "preserve safety",
    "promote professionalism and trust",
)
# One word is enough to name a theme on the command line.
_THEME_WORDS = {
    "people": "prioritise people",
    "prioritise": "prioritise people",
    "effectively": "practise effectively",
    "practise": "practise effectively",
    "safety": "preserve safety",
    "preserve": "preserve safety",
    "professionalism": "promote professionalism and trust",
    "trust": "promote professionalism and trust",
    "promote": "promote professionalism and trust",
}
REQUIRED_HOURS = 35
REQUIRED_PARTICIPATORY_HOURS = 20
MAX_MINUTES = 100 * 60  # a week's conference is long; more than this is a typing slip
MAX_TEXT = 20_000
CPD_TEXT_FIELDS = ("topic", "note")
REFLECTION_TEXT_FIELDS = ("title", "what", "learned", "changed", "relevance")
STATE_ID = 1


class PracticeError(UserDataError):
    """A request about the practice record that cannot be carried out: one sentence."""


class PracticeLockedError(PracticeError):
    """The record is locked and this needs its words: the passphrase must open it first."""


# --- the vocabulary -------------------------------------------------------------------


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def method_name(text: str) -> str:
    """The method as the log writes it; 'study-day', 'E-learning' and 'elearning' are accepted."""
    wanted = _folded(text).replace("elearning", "e learning")
    for method in METHODS:
        if _folded(method) == wanted:
            return method
    raise PracticeError(f"{text!r} is not a CPD method; use one of: {', '.join(METHODS)}.")


def code_themes(values: Sequence[str]) -> list[str]:
    """The Code's themes named, in the Code's order; a theme may be given by one word."""
    chosen: set[str] = set()
    for value in values:
        wanted = _folded(value)
        theme = next((t for t in CODE_THEMES if t == wanted), _THEME_WORDS.get(wanted))
        if theme is None:
            raise PracticeError(
                f"{value!r} is not one of the Code's themes: {', '.join(CODE_THEMES)}."
            )
        chosen.add(theme)
    return [t for t in CODE_THEMES if t in chosen]


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PracticeError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


# --- what callers pass and get back -----------------------------------------------------


@dataclass(frozen=True)
class CpdDraft:
    """A CPD entry as the person describes it; ``uid`` empty for a free-standing one."""

    day: date
    method: str
    minutes: int
    participatory: bool = False
    uid: str = ""
    topic: str = ""
    note: str = ""
    code: Sequence[str] = ()


@dataclass(frozen=True)
class CpdInfo:
    id: int
    key: str
    day: date
    method: str
    minutes: int
    participatory: bool
    uid: str
    topic: str
    note: str
    code: list[str]
    sealed: bool = False  # locked and not opened: topic and note are not readable

    @property
    def participatory_minutes(self) -> int:
        return self.minutes if self.participatory else 0


@dataclass(frozen=True)
class ReflectionDraft:
    title: str
    what: str
    learned: str
    changed: str
    code: Sequence[str]
    relevance: str = ""
    cpd_ids: Sequence[int] = ()
    uid: str = ""
    written: date | None = None  # today when not given


@dataclass(frozen=True)
class ReflectionInfo:
    id: int
    key: str
    written: date
    uid: str
    title: str
    what: str
    learned: str
    changed: str
    relevance: str
    code: list[str]
    cpd_ids: list[int] = field(default_factory=list)
    sealed: bool = False


@dataclass(frozen=True)
class Period:
    """A three-year revalidation period: from ``start`` up to the renewal date ``end``."""

    start: date
    end: date


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def current_period(renewal: date, today: date) -> Period:
    """The period holding ``today``; a renewal date already past moves on three years at a time."""
    end = renewal
    while end < today:
        end = _years_later(end, 3)
    while _years_later(end, -3) >= today:
        end = _years_later(end, -3)
    start = _years_later(end, -3)
    return Period(date.fromordinal(start.toordinal() + 1), end)


def totals(entries: Sequence[CpdInfo]) -> tuple[int, int]:
    """Minutes in all, and participatory minutes."""
    return sum(e.minutes for e in entries), sum(e.participatory_minutes for e in entries)


# --- the lock state in one unit of work -------------------------------------------------


def state(session: Session) -> PracticeState | None:
    return session.get(PracticeState, STATE_ID)


def state_for_update(session: Session) -> PracticeState:
    found = state(session)
    if found is None:
        found = PracticeState(id=STATE_ID)
        session.add(found)
    return found


def is_locked(found: PracticeState | None) -> bool:
    return found is not None and found.lock_check is not None


def key_opens(session: Session, key: bytes) -> bool:
    """Whether ``key`` still opens the record (False once it is locked again with another)."""
    found = state(session)
    if found is None or found.lock_check is None:
        return True
    return practice_crypto.key_matches(key, found.lock_check)


class Vault:
    """Seals and opens the record's words for one unit of work."""

    def __init__(self, session: Session, key: bytes | None) -> None:
        found = state(session)
        self.locked = is_locked(found)
        self.key = key if self.locked else None
        if self.locked and key is not None:
            assert found is not None and found.lock_check is not None
            if not practice_crypto.key_matches(key, found.lock_check):
                # Locked again elsewhere (the command line) with another passphrase.
                raise PracticeLockedError(
                    "The practice record was locked again with another passphrase; "
                    "open it with that passphrase."
                )

    @property
    def readable(self) -> bool:
        return not self.locked or self.key is not None

    def seal(self, text: str, label: str) -> str:
        if not self.locked:
            return text
        if self.key is None:
            raise PracticeLockedError(
                "The practice record is locked; open it with its passphrase first."
            )
        return practice_crypto.seal(self.key, text, label)

    def open(self, value: str, label: str) -> str:
        if not self.locked or self.key is None:
            return "" if self.locked else value
        try:
            return practice_crypto.unseal(self.key, value, label)
        except practice_crypto.PracticeCryptoError:
            raise PracticeError(
                "Part of the practice record does not open with this key; it may be damaged."
            ) from None


def cpd_label(entry_key: str, name: str) -> str:
    return f"practice_cpd/{entry_key}/{name}"


def reflection_label(entry_key: str, name: str) -> str:
    return f"practice_reflections/{entry_key}/{name}"


def new_key() -> str:
    return str(uuid.uuid4())


# --- the CPD log ------------------------------------------------------------------------


def _resource_title(session: Session, uid: str) -> str:
    title = session.scalar(select(Resource.title).where(Resource.uid == uid))
    if title is None:
        raise PracticeError(f"There is no resource with uid {uid!r}.")
    return title


def checked_cpd(session: Session, draft: CpdDraft, today: date) -> CpdDraft:
    """The draft with its method and themes in canonical form, or one sentence saying why not."""
    if not 1 <= draft.minutes <= MAX_MINUTES:
        raise PracticeError(f"Minutes must be a whole number from 1 to {MAX_MINUTES}.")
    if draft.day > today:
        raise PracticeError(f"{draft.day.isoformat()} is in the future; log learning once done.")
    topic, note = draft.topic.strip(), draft.note.strip()
    if len(topic) > MAX_TEXT or len(note) > MAX_TEXT:
        raise PracticeError(f"The topic and the note can each hold {MAX_TEXT:,} characters.")
    if draft.uid:
        title = _resource_title(session, draft.uid)
        topic = topic or title
    elif not topic:
        raise PracticeError("A free-standing entry needs a topic: say what the learning was.")
    return replace(
        draft,
        method=method_name(draft.method),
        topic=topic,
        note=note,
        code=code_themes(draft.code),
    )


def _cpd_info(entry: CpdEntry, vault: Vault) -> CpdInfo:
    return CpdInfo(
        entry.id,
        entry.key,
        entry.day,
        entry.method,
        entry.minutes,
        entry.participatory,
        entry.resource_uid,
        vault.open(entry.topic, cpd_label(entry.key, "topic")),
        vault.open(entry.note, cpd_label(entry.key, "note")),
        list(entry.code),
        sealed=not vault.readable,
    )


def _fill_cpd(entry: CpdEntry, draft: CpdDraft, vault: Vault) -> None:
    entry.day, entry.method, entry.minutes = draft.day, draft.method, draft.minutes
    entry.participatory, entry.resource_uid = draft.participatory, draft.uid
    entry.topic = vault.seal(draft.topic, cpd_label(entry.key, "topic"))
    entry.note = vault.seal(draft.note, cpd_label(entry.key, "note"))
    entry.code = list(draft.code)


def log_cpd(session: Session, key: bytes | None, draft: CpdDraft, today: date) -> CpdInfo:
    checked = checked_cpd(session, draft, today)
    vault = Vault(session, key)
    entry = CpdEntry(key=new_key())
    _fill_cpd(entry, checked, vault)
    session.add(entry)
    session.flush()
    return _cpd_info(entry, vault)


def _cpd_entry(session: Session, entry_id: int) -> CpdEntry:
    entry = session.get(CpdEntry, entry_id)
    if entry is None:
        raise PracticeError(f"There is no CPD entry {entry_id}.")
    return entry


def update_cpd(
    session: Session, key: bytes | None, entry_id: int, draft: CpdDraft, today: date
) -> CpdInfo:
    entry = _cpd_entry(session, entry_id)
    checked = checked_cpd(session, draft, today)
    vault = Vault(session, key)
    _fill_cpd(entry, checked, vault)
    session.flush()
    return _cpd_info(entry, vault)


def delete_cpd(session: Session, key: bytes | None, entry_id: int) -> CpdInfo:
    """Returns the entry as it was (readable if the key was given)."""
    entry = _cpd_entry(session, entry_id)
    gone = _cpd_info(entry, Vault(session, key))
    session.delete(entry)
    return gone


def cpd_entries(
    session: Session,
    key: bytes | None,
    start: date | None = None,
    end: date | None = None,
) -> list[CpdInfo]:
    """Oldest first, between ``start`` and ``end`` inclusive."""
    query = select(CpdEntry).order_by(CpdEntry.day, CpdEntry.id)
    if start is not None:
        query = query.where(CpdEntry.day >= start)
    if end is not None:
        query = query.where(CpdEntry.day <= end)
    vault = Vault(session, key)
    return [_cpd_info(entry, vault) for entry in session.scalars(query)]


# --- reflective accounts ----------------------------------------------------------------


def checked_reflection(session: Session, draft: ReflectionDraft, today: date) -> ReflectionDraft:
    texts = {name: str(getattr(draft, name)).strip() for name in REFLECTION_TEXT_FIELDS}
    for name in ("title", "what", "learned", "changed"):
        if not texts[name]:
            raise PracticeError(f"A reflective account needs its {_ANSWER_NAMES[name]}.")
    if any(len(text) > MAX_TEXT for text in texts.values()):
        raise PracticeError(f"Each answer can hold {MAX_TEXT:,} characters.")
    themes = code_themes(draft.code)
    if not themes:
        raise PracticeError("Choose at least one of the Code's themes for the account.")
    for entry_id in draft.cpd_ids:
        _cpd_entry(session, entry_id)
    if draft.uid:
        _resource_title(session, draft.uid)
    written = draft.written or today
    if written > today:
        raise PracticeError(f"{written.isoformat()} is in the future.")
    return replace(
        draft, **texts, code=themes, cpd_ids=list(dict.fromkeys(draft.cpd_ids)), written=written
    )


_ANSWER_NAMES = {
    "title": "title",
    "what": "account of what happened (the CPD, feedback or event)",
    "learned": "answer on what you learned",
    "changed": "answer on how you changed or improved your practice",
}


def _reflection_info(account: ReflectiveAccount, vault: Vault) -> ReflectionInfo:
    def opened(name: str) -> str:
        return vault.open(str(getattr(account, name)), reflection_label(account.key, name))

    return ReflectionInfo(
        account.id,
        account.key,
        account.written,
        account.resource_uid,
        title=opened("title"),
        what=opened("what"),
        learned=opened("learned"),
        changed=opened("changed"),
        relevance=opened("relevance"),
        code=list(account.code),
        cpd_ids=[e.id for e in account.cpd_entries],
        sealed=not vault.readable,
    )


def _fill_reflection(
    session: Session, account: ReflectiveAccount, draft: ReflectionDraft, vault: Vault
) -> None:
    for name in REFLECTION_TEXT_FIELDS:
        label = reflection_label(account.key, name)
        setattr(account, name, vault.seal(str(getattr(draft, name)), label))
    assert draft.written is not None
    account.written, account.resource_uid = draft.written, draft.uid
    account.code = list(draft.code)
    account.cpd_entries = [_cpd_entry(session, i) for i in draft.cpd_ids]


def add_reflection(
    session: Session, key: bytes | None, draft: ReflectionDraft, today: date
) -> ReflectionInfo:
    checked = checked_reflection(session, draft, today)
    vault = Vault(session, key)
    account = ReflectiveAccount(key=new_key())
    _fill_reflection(session, account, checked, vault)
    session.add(account)
    session.flush()
    return _reflection_info(account, vault)


def _account(session: Session, account_id: int) -> ReflectiveAccount:
    account = session.get(ReflectiveAccount, account_id)
    if account is None:
        raise PracticeError(f"There is no reflective account {account_id}.")
    return account


def update_reflection(
    session: Session, key: bytes | None, account_id: int, draft: ReflectionDraft, today: date
) -> ReflectionInfo:
    account = _account(session, account_id)
    checked = checked_reflection(session, draft, today)
    vault = Vault(session, key)
    _fill_reflection(session, account, checked, vault)
    session.flush()
    return _reflection_info(account, vault)


def delete_reflection(session: Session, key: bytes | None, account_id: int) -> ReflectionInfo:
    account = _account(session, account_id)
    gone = _reflection_info(account, Vault(session, key))
    session.delete(account)
    return gone


def reflections(session: Session, key: bytes | None) -> list[ReflectionInfo]:
    vault = Vault(session, key)
    query = select(ReflectiveAccount).order_by(ReflectiveAccount.written, ReflectiveAccount.id)
    return [_reflection_info(account, vault) for account in session.scalars(query)]


# --- the renewal date -------------------------------------------------------------------


def renewal_date(session: Session) -> date | None:
    found = state(session)
    return found.renewal_date if found is not None else None


def set_renewal_date(session: Session, renewal: date | None) -> None:
    state_for_update(session).renewal_date = renewal


# --- what a resource suggests for its entry ----------------------------------------------

_METHOD_FOR_KIND = {
    "podcast episode": "podcast",
    "audio": "podcast",
    "training": "e-learning",
    "video": "e-learning",
    "film": "e-learning",
    "conference paper": "conference",
}


def suggested_method(kind: str) -> str:
    """The CPD method learning from a resource of this kind usually is."""
    return _METHOD_FOR_KIND.get(kind, "reading")


def suggested_cpd(session: Session, uid: str, today: date) -> CpdDraft:
    """A draft for learning from ``uid``: its title, a method by its kind, its length if known."""
    row = session.execute(
        select(Resource.title, Resource.kind, Resource.duration_seconds).where(Resource.uid == uid)
    ).first()
    if row is None:
        raise PracticeError(f"There is no resource with uid {uid!r}.")
    minutes = max(1, round(row.duration_seconds / 60)) if row.duration_seconds else 0
    return CpdDraft(
        day=today,
        method=suggested_method(row.kind),
        minutes=minutes,
        uid=uid,
        topic=row.title,
    )


def resource_links(session: Session, uids: Sequence[str] | set[str]) -> dict[str, tuple[str, str]]:
    """Each resource's title and address, for the log's evidence column."""
    wanted = list(uids)
    rows = session.execute(
        select(Resource.uid, Resource.title, Resource.url).where(Resource.uid.in_(wanted))
    )
    return {row.uid: (row.title, row.url) for row in rows}
